/* libFuzzer harness for the calendar text form (cxkpi_calendar_parse(), grammar in
 * include/cxkpi/calendar.h; `tz` lines read zones from $TZDIR or /usr/share/zoneinfo).
 * Invariants: a refused text is EFORMAT / ENOTFOUND / EIO with the output untouched and
 * an error line within the text; an accepted one gives a calendar whose weekly working
 * time is in [0, 7 days], whose elapsed() over spans derived from the input is within
 * [0, span] and additive over a split point, and for which add() inverts elapsed():
 * elapsed(start, add(start, w)) == w. */
#include "cxkpi/calendar.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int64_t mix(const uint8_t *data, size_t size, uint64_t salt)
{
    uint64_t h = 0xcbf29ce484222325ull ^ salt;
    for (size_t i = 0; i < size; i++)
        h = (h ^ data[i]) * 0x100000001b3ull;
    return (int64_t)(h % 400000000u) + 1600000000; /* 2020 .. 2033 */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cxkpi_calendar *cal = FUZZ_SENTINEL;
    size_t line = 12345;
    size_t lines = 1;
    for (size_t i = 0; i < size; i++)
        lines += data[i] == '\n';
    cxkpi_status st = cxkpi_calendar_parse(&cal, (const char *)data, size, &line);
    if (st != CXKPI_OK) {
        FUZZ_CHECK(st == CXKPI_EFORMAT || st == CXKPI_ENOTFOUND || st == CXKPI_EIO);
        FUZZ_CHECK(cal == FUZZ_SENTINEL);
        FUZZ_CHECK(line >= 1 && line <= lines);
        return 0;
    }
    FUZZ_CHECK(line == 0);
    int64_t weekly;
    FUZZ_CHECK(cxkpi_calendar_weekly_seconds(cal, &weekly) == CXKPI_OK);
    FUZZ_CHECK(weekly >= 0 && weekly <= 7 * 86400);

    int64_t a = mix(data, size, 1), b = mix(data, size, 2), c = mix(data, size, 3);
    int64_t start = a < b ? a : b, end = a < b ? b : a;
    int64_t mid = start + (c % (end - start + 1) + (end - start + 1)) % (end - start + 1);
    if (end - start > 40 * 86400) /* keep each run short */
        end = start + 40 * 86400, mid = start + (mid - start) % (40 * 86400);
    int64_t whole, left, right;
    FUZZ_CHECK(cxkpi_calendar_elapsed(cal, start, end, &whole) == CXKPI_OK);
    FUZZ_CHECK(whole >= 0 && whole <= end - start);
    FUZZ_CHECK(cxkpi_calendar_elapsed(cal, start, mid, &left) == CXKPI_OK);
    FUZZ_CHECK(cxkpi_calendar_elapsed(cal, mid, end, &right) == CXKPI_OK);
    FUZZ_CHECK(left + right == whole);
    int64_t back;
    FUZZ_CHECK(cxkpi_calendar_elapsed(cal, end, start, &back) == CXKPI_EORDER);

    int64_t due;
    st = cxkpi_calendar_add(cal, start, whole, &due);
    FUZZ_CHECK(st == CXKPI_OK);
    FUZZ_CHECK(due >= start && due <= end);
    int64_t again;
    FUZZ_CHECK(cxkpi_calendar_elapsed(cal, start, due, &again) == CXKPI_OK && again == whole);
    if (whole == 0 && weekly == 0) {
        /* a calendar without working time never reaches a positive amount */
        FUZZ_CHECK(cxkpi_calendar_add(cal, start, 1, &due) == CXKPI_ERANGE);
    }

    /* Questions about one instant: working time is the one working second [t, t + 1); the
     * next opening is working time with nothing working before it; what is left today
     * counts t's own second when t is working, and lies within the 3 days in which the end
     * of a local date is looked for. */
    if (start < CXKPI_CALENDAR_MAX_INSTANT) {
        int working, w_open;
        int64_t one, opening, left_today;
        FUZZ_CHECK(cxkpi_calendar_is_working(cal, start, &working) == CXKPI_OK);
        FUZZ_CHECK(cxkpi_calendar_elapsed(cal, start, start + 1, &one) == CXKPI_OK);
        FUZZ_CHECK(working == (one == 1));
        st = cxkpi_calendar_next_opening(cal, start, &opening);
        FUZZ_CHECK(st == CXKPI_OK || st == CXKPI_ENOTFOUND);
        if (st == CXKPI_OK) {
            FUZZ_CHECK(opening >= start && (opening == start) == (working != 0));
            FUZZ_CHECK(cxkpi_calendar_is_working(cal, opening, &w_open) == CXKPI_OK && w_open);
            FUZZ_CHECK(cxkpi_calendar_elapsed(cal, start, opening, &one) == CXKPI_OK && one == 0);
        } else {
            FUZZ_CHECK(weekly == 0 || start > CXKPI_CALENDAR_MAX_INSTANT - 14 * 86400);
        }
        FUZZ_CHECK(cxkpi_calendar_seconds_left_today(cal, start, &left_today) == CXKPI_OK);
        FUZZ_CHECK(left_today >= working && left_today <= 3 * 86400);
    }
    cxkpi_calendar_free(cal);
    return 0;
}
