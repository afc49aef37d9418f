@echo off
rem Open JupyterLab on the course. Keep this window open while you work; close it to stop.
cd /d "%~dp0"
if not exist .venv\Scripts\python.exe (
  echo The course is not installed yet: run install-windows.bat first.
  pause
  exit /b 1
)
.venv\Scripts\python.exe workshop\participant.py lab
