#!/bin/bash
# Install the course from this kit (macOS: install-macos.command, Linux: install-linux.sh):
# no internet and no administrator rights; everything goes into the .venv folder next to this file.
cd "$(dirname "$0")" || exit 1
for candidate in python3.11 "$HOME/.local/bin/python3.11" \
    /Library/Frameworks/Python.framework/Versions/3.11/bin/python3.11 python3; do
  if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
    "$candidate" workshop/participant.py install
    status=$?
    read -r -p "Press Enter to close this window. " _
    exit $status
  fi
done
echo "Python 3.11 was not found. See the set-up page of the book: html-book/book/setup.html"
read -r -p "Press Enter to close this window. " _
exit 1
