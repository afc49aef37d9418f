@echo off
rem Install the course from this kit: no internet and no administrator rights; everything goes
rem into the .venv folder next to this file.
cd /d "%~dp0"
set PYTHON=py -3.11
%PYTHON% --version >nul 2>&1 || set PYTHON=python
%PYTHON% workshop\participant.py install
pause
