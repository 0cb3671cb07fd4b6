#!/usr/bin/python3
"""Baseline for the reader benchmark: openpyxl in read-only mode (Debian's python3-openpyxl).

    /usr/bin/python3 bench/openpyxl_read.py FILE.xlsx

Loads the workbook with load_workbook(read_only=True, data_only=True), iterates every row of
every worksheet with values_only=True and touches each value (numbers summed, text lengths
summed), then prints one line in the same form as bench_read:
    BENCH file=... reader=openpyxl seconds=... cells=... cells_per_s=... peak_rss_mb=...
The time includes load_workbook (which reads the shared strings and styles).
"""
import datetime
import resource
import sys
import time

import openpyxl


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: openpyxl_read.py FILE.xlsx", file=sys.stderr)
        return 2
    path = sys.argv[1]
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    cells = 0
    total = 0.0
    text_bytes = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            for v in row:
                if v is None:
                    continue
                cells += 1
                if isinstance(v, str):
                    text_bytes += len(v)
                elif isinstance(v, (int, float)):
                    total += v
                elif isinstance(v, datetime.datetime):
                    total += v.day
    wb.close()
    seconds = time.perf_counter() - t0
    cpu = time.process_time() - cpu0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(f"BENCH file={path} reader=openpyxl seconds={seconds:.4f} cpu_seconds={cpu:.4f} cells={cells} "
          f"cells_per_s={cells / seconds:.0f} peak_rss_mb={peak_mb:.1f} openpyxl={openpyxl.__version__} "
          f"checksum={total + text_bytes:.6g}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
