/* Holds a file open the way Excel holds a workbook it has open: no sharing, so any other program's
 * attempt to open it fails with ERROR_SHARING_VIOLATION. Prints "holding" once it has the file,
 * then waits until its standard input closes. Used by tests/windows/windows_tests.py. */
#include <windows.h>
#include <stdio.h>

int wmain(int argc, wchar_t** argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: hold_open FILE\n");
        return 2;
    }
    HANDLE h = CreateFileW(argv[1], GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        fprintf(stderr, "cannot open: error %lu\n", GetLastError());
        return 1;
    }
    printf("holding\n");
    fflush(stdout);
    char buffer[64];
    while (fgets(buffer, sizeof buffer, stdin)) {
    }
    CloseHandle(h);
    return 0;
}
