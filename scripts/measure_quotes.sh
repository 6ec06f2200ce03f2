#!/usr/bin/env bash
# Quote extraction and speaker attribution on the Gender Gap Tracker dev split (issue 4): the GGT
# part of scripts/measure.sh (all quotes, then direct quotes only: gold quotes holding a quotation
# mark against direct and partial predictions). Kept as a short name for that one measurement.
exec "$(dirname "$0")/measure.sh" ggt
