; The per-user Windows installer for Impact, built on Linux by Debian's NSIS (makensis):
;   makensis -DVERSION=0.1.0 -DSTAGE=/path/to/staged/tree -DOUTFILE=/path/impact-setup.exe impact.nsi
; STAGE is what `cmake --install build-windows --prefix STAGE` puts there: bin\impact.exe and
; share\impact\ (templates, the add-in's files), the layout impact.exe looks for beside itself.
;
; Per user, because school laptops rarely grant administrator rights: it installs under
; %LOCALAPPDATA%\Programs\Impact, writes only to HKCU, and never asks for elevation.
; `impact-setup.exe /S` installs silently; `/D=C:\path` (last on the command line) picks the folder.

Unicode true
; 64-bit stubs: impact.exe is x86-64 anyway, and a 64-bit installer runs where 32-bit Wine (and
; WoW64) is not installed.
Target amd64-unicode
!ifndef VERSION
  !error "give -DVERSION=x.y.z"
!endif
!ifndef STAGE
  !error "give -DSTAGE=the staged install tree"
!endif
!ifndef OUTFILE
  !define OUTFILE "impact-setup-${VERSION}.exe"
!endif

!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Impact"
!define SHORTCUT "Impact reports.lnk"
; What the shortcut runs: the reports for the workbooks in the user's settings file
; (%APPDATA%\Impact\impact.ini); --pause keeps the window open until Enter, so the result is read.
!define SHORTCUT_ARGS "run --pause"

Name "Impact ${VERSION}"
OutFile "${OUTFILE}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\Impact"
InstallDirRegKey HKCU "Software\Impact" "InstallDir"
SetCompressor /SOLID lzma
; Reproducible installers: the same staged files give the same .exe.
SetDateSave off
ShowInstDetails show
ShowUninstDetails show

VIProductVersion "${VERSION}.0"
VIAddVersionKey "ProductName" "Impact"
VIAddVersionKey "FileDescription" "Impact installer"
VIAddVersionKey "FileVersion" "${VERSION}"
VIAddVersionKey "ProductVersion" "${VERSION}"
VIAddVersionKey "LegalCopyright" "Impact contributors"

Page directory
Page instfiles
UninstPage uninstConfirm
UninstPage instfiles

Function .onInit
  SetShellVarContext current
FunctionEnd

Function un.onInit
  SetShellVarContext current
FunctionEnd

Section "Impact"
  SetOutPath "$INSTDIR"
  ; An earlier version's files go first, so nothing stale is left beside the new ones.
  RMDir /r "$INSTDIR\bin"
  RMDir /r "$INSTDIR\share"
  File /r "${STAGE}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  SetOutPath "$DOCUMENTS"   ; the shortcuts' working folder: where a coordinator keeps workbooks
  CreateDirectory "$SMPROGRAMS\Impact"
  CreateShortcut "$SMPROGRAMS\Impact\${SHORTCUT}" "$INSTDIR\bin\impact.exe" "${SHORTCUT_ARGS}" \
    "$INSTDIR\bin\impact.exe" 0 SW_SHOWNORMAL "" "Check the partnership workbook and make the impact reports"
  CreateShortcut "$SMPROGRAMS\Impact\Uninstall Impact.lnk" "$INSTDIR\uninstall.exe"
  CreateShortcut "$DESKTOP\${SHORTCUT}" "$INSTDIR\bin\impact.exe" "${SHORTCUT_ARGS}" \
    "$INSTDIR\bin\impact.exe" 0 SW_SHOWNORMAL "" "Check the partnership workbook and make the impact reports"

  WriteRegStr HKCU "Software\Impact" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "Impact"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "Impact"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\bin\impact.exe"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  ; The user's settings (%APPDATA%\Impact), workbooks and reports are theirs: they stay.
  Delete "$DESKTOP\${SHORTCUT}"
  Delete "$SMPROGRAMS\Impact\${SHORTCUT}"
  Delete "$SMPROGRAMS\Impact\Uninstall Impact.lnk"
  RMDir "$SMPROGRAMS\Impact"
  RMDir /r "$INSTDIR\bin"
  RMDir /r "$INSTDIR\share"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "Software\Impact"
SectionEnd
