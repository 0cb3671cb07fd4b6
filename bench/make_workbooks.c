/* Generates the reader benchmark's workbooks with libxlsxwriter. Deterministic (fixed seed).
 *
 *   make_workbooks attendance ROWS OUT.xlsx [--inline]
 *   make_workbooks survey     ROWS OUT.xlsx [--inline]
 *   make_workbooks responses  ROWS OUT.xlsx [--inline]
 *
 * By default the workbook is written as Excel writes it: text in the shared-string table
 * (t="s"), dates as serial numbers with a date number format, one style per column kind.
 * --inline uses libxlsxwriter's constant_memory mode, which writes text as inline strings
 * (t="inlineStr") instead; Excel itself never does, but other writers do.
 *
 * attendance: a header row + ROWS rows x 12 columns (date, school, pupil ID, year group, session,
 *             present Y/N, mark code, late Y/N, minutes late, authorised Y/N, attendance %, comment).
 * survey:     a header row + ROWS rows x 30 columns: Q1-Q20 scale numbers 1-5, Q21-Q30 scale labels.
 * responses:  a coordinator's survey of ROWS responses (ROWS/2 pupils, before and after) x 20
 *             questions: pupil ID, timepoint, school, then 10 questions answered 1-5 and 10
 *             answered with agreement labels (the streaming analysis benchmark, bench/README.md).
 */
#include <xlsxwriter.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng_state = 0x1234567890abcdefull;

static uint64_t next_random(void) { /* splitmix64 */
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static unsigned pick(unsigned n) { return (unsigned)(next_random() % n); }

static const char* const kSchools[] = {
    "Ashfield Primary School", "Brookside Academy", "Castle Hill Junior School", "Dene Park Infant School",
    "Elmwood High School", "Fairfield Community College", "Greenway Primary", "Hillcrest School",
    "Kingsmead Academy", "Longford Park School", "Meadowbank Primary School", "Northgate Church of England School",
};
static const char* const kCodes[] = {"/", "\\", "L", "I", "M", "U", "C", "B", "E", "G", "N", "O"};
static const char* const kComments[] = {
    "On time", "Dentist", "Ill", "Holiday", "Traffic", "Family event", "Medical appointment",
    "No reason given", "Bus late", "Educated off site", "Interview", "Music exam",
};
static const char* const kLabels[] = {"Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree",
                                      "Strongly agree"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void check(lxw_error err, const char* what) {
    if (err != LXW_NO_ERROR) {
        fprintf(stderr, "make_workbooks: %s: %s\n", what, lxw_strerror(err));
        exit(1);
    }
}

/* Excel serial of the n-th school day (Monday to Friday) from Monday 4 September 2023 (45173). */
static double school_day(unsigned n) { return 45173.0 + (double)(n / 5 * 7 + n % 5); }

static void attendance(lxw_workbook* wb, unsigned rows) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, "Attendance");
    lxw_format* bold = workbook_add_format(wb);
    format_set_bold(bold);
    lxw_format* date = workbook_add_format(wb);
    format_set_num_format(date, "dd/mm/yyyy");
    lxw_format* pct = workbook_add_format(wb);
    format_set_num_format(pct, "0.0");
    static const char* const header[12] = {"Date", "School", "Pupil ID", "Year", "Session", "Present",
                                           "Mark", "Late", "Minutes late", "Authorised", "Attendance %", "Comment"};
    for (lxw_col_t c = 0; c < 12; ++c) check(worksheet_write_string(ws, 0, c, header[c], bold), "header");

    /* Rows run session by session; each session lists every pupil once. */
    unsigned pupils = rows / 100 < 1000 ? 1000 : rows / 100;
    for (unsigned i = 0; i < rows; ++i) {
        lxw_row_t r = (lxw_row_t)i + 1;
        unsigned session = i / pupils, pupil = i % pupils;
        char id[16];
        snprintf(id, sizeof id, "P%06u", pupil * 7 + 100);
        unsigned absent = pick(100) < 6;
        unsigned late = !absent && pick(100) < 8;
        worksheet_write_number(ws, r, 0, school_day(session / 2), date);
        worksheet_write_string(ws, r, 1, kSchools[pupil % COUNT(kSchools)], NULL);
        worksheet_write_string(ws, r, 2, id, NULL);
        worksheet_write_number(ws, r, 3, 7 + pupil % 5, NULL);
        worksheet_write_string(ws, r, 4, session % 2 ? "PM" : "AM", NULL);
        worksheet_write_string(ws, r, 5, absent ? "N" : "Y", NULL);
        worksheet_write_string(ws, r, 6, absent ? kCodes[2 + pick(COUNT(kCodes) - 2)] : late ? "L" : kCodes[session % 2], NULL);
        worksheet_write_string(ws, r, 7, late ? "Y" : "N", NULL);
        worksheet_write_number(ws, r, 8, late ? 1 + pick(45) : 0, NULL);
        worksheet_write_string(ws, r, 9, absent && pick(2) ? "Y" : "N", NULL);
        worksheet_write_number(ws, r, 10, (double)(8000 + pick(2001)) / 100.0, pct);
        worksheet_write_string(ws, r, 11, kComments[absent || late ? 1 + pick(COUNT(kComments) - 1) : 0], NULL);
    }
}

static void survey(lxw_workbook* wb, unsigned rows) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, "Responses");
    for (lxw_col_t c = 0; c < 30; ++c) {
        char name[8];
        snprintf(name, sizeof name, "Q%u", (unsigned)c + 1);
        check(worksheet_write_string(ws, 0, c, name, NULL), "header");
    }
    for (unsigned i = 0; i < rows; ++i) {
        lxw_row_t r = (lxw_row_t)i + 1;
        unsigned mood = pick(5); /* answers cluster around a respondent's mood */
        for (lxw_col_t c = 0; c < 30; ++c) {
            int v = (int)mood + (int)pick(3) - 1;
            v = v < 0 ? 0 : v > 4 ? 4 : v;
            if (c < 20) worksheet_write_number(ws, r, c, v + 1, NULL);
            else worksheet_write_string(ws, r, c, kLabels[v], NULL);
        }
    }
}

static void responses(lxw_workbook* wb, unsigned rows) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, "Pupil survey");
    static const char* const topics[10] = {"science", "maths", "history", "languages", "music",
                                           "coding", "debating", "art", "engineering", "medicine"};
    check(worksheet_write_string(ws, 0, 0, "Pupil ID", NULL), "header");
    check(worksheet_write_string(ws, 0, 1, "Timepoint", NULL), "header");
    check(worksheet_write_string(ws, 0, 2, "School", NULL), "header");
    for (lxw_col_t q = 0; q < 20; ++q) {
        char text[96];
        if (q < 10) snprintf(text, sizeof text, "How much do you know about %s? (1 = nothing, 5 = a lot)", topics[q]);
        else snprintf(text, sizeof text, "I enjoy learning %s", topics[q - 10]);
        check(worksheet_write_string(ws, 0, 3 + q, text, NULL), "header");
    }
    unsigned pupils = rows / 2 ? rows / 2 : 1;
    for (unsigned i = 0; i < rows; ++i) {
        lxw_row_t r = (lxw_row_t)i + 1;
        unsigned pupil = i % pupils, after = i >= pupils;
        char id[16];
        snprintf(id, sizeof id, "S%06u", pupil * 3 + 10);
        worksheet_write_string(ws, r, 0, id, NULL);
        worksheet_write_string(ws, r, 1, after ? "After" : "Before", NULL);
        worksheet_write_string(ws, r, 2, kSchools[pupil % COUNT(kSchools)], NULL);
        unsigned mood = pick(4) + after; /* after answers lean higher */
        for (lxw_col_t q = 0; q < 20; ++q) {
            int v = (int)mood + (int)pick(3) - 1;
            v = v < 0 ? 0 : v > 4 ? 4 : v;
            if (q < 10) worksheet_write_number(ws, r, 3 + q, v + 1, NULL);
            else worksheet_write_string(ws, r, 3 + q, kLabels[v], NULL);
        }
    }
}

int main(int argc, char** argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: make_workbooks attendance|survey|responses ROWS OUT.xlsx [--inline]\n");
        return 2;
    }
    const char* kind = argv[1];
    unsigned rows = (unsigned)strtoul(argv[2], NULL, 10);
    int inline_strings = argc > 4 && strcmp(argv[4], "--inline") == 0;
    if (rows == 0 || rows > 1048575) {
        fprintf(stderr, "make_workbooks: ROWS must be 1..1048575\n");
        return 2;
    }
    lxw_workbook_options options = {.constant_memory = (uint8_t)inline_strings, .tmpdir = NULL, .use_zip64 = LXW_FALSE};
    lxw_workbook* wb = workbook_new_opt(argv[3], &options);
    if (!wb) {
        fprintf(stderr, "make_workbooks: cannot create %s\n", argv[3]);
        return 1;
    }
    if (strcmp(kind, "attendance") == 0) attendance(wb, rows);
    else if (strcmp(kind, "survey") == 0) survey(wb, rows);
    else if (strcmp(kind, "responses") == 0) responses(wb, rows);
    else {
        fprintf(stderr, "make_workbooks: unknown kind '%s'\n", kind);
        return 2;
    }
    check(workbook_close(wb), "close");
    return 0;
}
