#!/bin/bash
# Open JupyterLab on the course (macOS: start-macos.command, Linux: start-linux.sh). Keep this
# window open while you work; close it (or press Ctrl+C twice) to stop JupyterLab.
cd "$(dirname "$0")" || exit 1
if [ ! -x .venv/bin/python ]; then
  echo "The course is not installed yet: run the install- script first."
  read -r -p "Press Enter to close this window. " _
  exit 1
fi
exec .venv/bin/python workshop/participant.py lab
