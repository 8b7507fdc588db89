@echo off
rem Builds acsreadyprov.dll, acsready.exe and the WmiPrvSE stand-in with MSVC,
rem for x64 and Win32, from provider.sln. libxml2 comes from vcpkg.json
rem (vcpkg manifest mode, static libraries, static CRT).
rem
rem   build.bat [Release^|Debug]          default Release
rem
rem Needs Visual Studio 2022 or its Build Tools with "Desktop development with
rem C++", and vcpkg: %VCPKG_ROOT%, the copy Visual Studio 2022 ships (17.6 and
rem later, component "vcpkg package manager"), or vcpkg.exe on PATH.
rem Outputs: build\msvc\{x64,x86}\<Configuration>\ (mingw builds use build\x64
rem and build\x86; the two never overwrite each other).
rem Exit status: 0 built, 1 a build failed, 64 bad argument, 69 a tool is missing.
setlocal EnableExtensions
set "TOP=%~dp0"
set "CONFIG=%~1"
if "%CONFIG%"=="" set "CONFIG=Release"
if /i "%CONFIG%"=="Release" goto config_ok
if /i "%CONFIG%"=="Debug" goto config_ok
echo build.bat: unknown configuration "%CONFIG%"; use Release or Debug. 1>&2
exit /b 64
:config_ok

rem ---- MSBuild: from a Developer Command Prompt (PATH), else through vswhere.
set "MSBUILD="
set "VSINSTALL="
for /f "delims=" %%i in ('where msbuild.exe 2^>nul') do if not defined MSBUILD set "MSBUILD=%%i"
set "VSWHERE=%ProgramFiles(x86)%\Microsoft Visual Studio\Installer\vswhere.exe"
if not exist "%VSWHERE%" goto vswhere_done
for /f "usebackq delims=" %%i in (`call "%VSWHERE%" -latest -products * -requires Microsoft.VisualStudio.Component.VC.Tools.x86.x64 -property installationPath`) do set "VSINSTALL=%%i"
if defined MSBUILD goto vswhere_done
for /f "usebackq delims=" %%i in (`call "%VSWHERE%" -latest -products * -requires Microsoft.VisualStudio.Component.VC.Tools.x86.x64 -find MSBuild\**\Bin\MSBuild.exe`) do if not defined MSBUILD set "MSBUILD=%%i"
:vswhere_done
if defined MSBUILD goto msbuild_ok
echo build.bat: MSBuild with the C++ tools was not found. 1>&2
echo   Install Visual Studio 2022 or "Build Tools for Visual Studio 2022" with the 1>&2
echo   "Desktop development with C++" workload, or run build.bat from a 1>&2
echo   "Developer Command Prompt for VS 2022". 1>&2
exit /b 69
:msbuild_ok

rem ---- vcpkg: VCPKG_ROOT, else Visual Studio's own copy, else vcpkg.exe on PATH.
set "VCPKG="
if defined VCPKG_ROOT if exist "%VCPKG_ROOT%\vcpkg.exe" set "VCPKG=%VCPKG_ROOT%"
if defined VCPKG goto vcpkg_ok
if defined VCPKG_ROOT (
  echo build.bat: VCPKG_ROOT is set to "%VCPKG_ROOT%" but vcpkg.exe is not there; run bootstrap-vcpkg.bat in it. 1>&2
  exit /b 69
)
if defined VSINSTALL if exist "%VSINSTALL%\VC\vcpkg\vcpkg.exe" set "VCPKG=%VSINSTALL%\VC\vcpkg"
if defined VCPKG goto vcpkg_ok
for /f "delims=" %%i in ('where vcpkg.exe 2^>nul') do if not defined VCPKG set "VCPKG=%%~dpi"
if defined VCPKG goto vcpkg_ok
echo build.bat: vcpkg was not found; the build takes libxml2 from it (vcpkg.json). 1>&2
echo   Either clone the microsoft/vcpkg repository, run its bootstrap-vcpkg.bat and 1>&2
echo   set VCPKG_ROOT to that folder, or add the "vcpkg package manager" component 1>&2
echo   to Visual Studio 2022 (17.6 or later). 1>&2
exit /b 69
:vcpkg_ok
rem A trailing backslash would escape the closing quote of /p:VcpkgRoot="...".
if "%VCPKG:~-1%"=="\" set "VCPKG=%VCPKG:~0,-1%"

echo build.bat: MSBuild  %MSBUILD%
echo build.bat: vcpkg    %VCPKG%
echo build.bat: %CONFIG%, x64 and Win32

call :build_platform x64
if errorlevel 1 exit /b 1
call :build_platform Win32
if errorlevel 1 exit /b 1

echo.
echo build.bat: done.
echo   build\msvc\x64\%CONFIG%\acsreadyprov.dll   build\msvc\x64\%CONFIG%\acsready.exe
echo   build\msvc\x86\%CONFIG%\acsreadyprov.dll   build\msvc\x86\%CONFIG%\acsready.exe
echo   Install: docs\install.md
exit /b 0

rem One platform of the solution; exit status 1 when MSBuild failed.
:build_platform
echo.
echo ==== %CONFIG%^|%1
"%MSBUILD%" "%TOP%provider.sln" /m /nologo /verbosity:minimal /p:Configuration=%CONFIG% /p:Platform=%1 "/p:VcpkgRoot=%VCPKG%" /p:VcpkgEnableManifest=true
if errorlevel 1 goto build_failed
exit /b 0
:build_failed
echo build.bat: the %CONFIG%^|%1 build failed; the first error above says why. 1>&2
exit /b 1
