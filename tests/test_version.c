#include <string.h>

#include "cxkpi.h"
#include "helpers.h"

static void version_number_matches_macros(void **state)
{
    (void)state;
    assert_int_equal(CXKPI_VERSION_NUMBER,
                     CXKPI_VERSION_MAJOR * 10000 + CXKPI_VERSION_MINOR * 100 + CXKPI_VERSION_PATCH);
    assert_int_equal(cxkpi_version(), CXKPI_VERSION_NUMBER);
    assert_int_equal(cxkpi_version(), 100); /* 0.1.0 */
    assert_string_equal(cxkpi_version_string(), "0.1.0");
    assert_string_equal(cxkpi_version_string(), CXKPI_VERSION_STRING);
}

static void every_status_has_its_own_message(void **state)
{
    (void)state;
    const char *seen[CXKPI_EIO + 1];
    for (int s = CXKPI_OK; s <= CXKPI_EIO; s++) {
        seen[s] = cxkpi_status_str((cxkpi_status)s);
        assert_non_null(seen[s]);
        assert_string_not_equal(seen[s], "unknown status");
        for (int t = 0; t < s; t++)
            assert_string_not_equal(seen[s], seen[t]);
    }
    assert_string_equal(cxkpi_status_str(CXKPI_OK), "success");
    assert_string_equal(cxkpi_status_str((cxkpi_status)999), "unknown status");
    assert_string_equal(cxkpi_status_str((cxkpi_status)-1), "unknown status");
}

static void status_values_are_frozen(void **state)
{
    (void)state;
    /* Part of the ABI: these numbers must never change. */
    assert_int_equal(CXKPI_OK, 0);
    assert_int_equal(CXKPI_EINVAL, 1);
    assert_int_equal(CXKPI_ERANGE, 2);
    assert_int_equal(CXKPI_EEMPTY, 3);
    assert_int_equal(CXKPI_EOVERFLOW, 4);
    assert_int_equal(CXKPI_ENOMEM, 5);
    assert_int_equal(CXKPI_EMISMATCH, 6);
    assert_int_equal(CXKPI_ENOSPC, 7);
    assert_int_equal(CXKPI_EFORMAT, 8);
    assert_int_equal(CXKPI_EVERSION, 9);
    assert_int_equal(CXKPI_ENOTFOUND, 10);
    assert_int_equal(CXKPI_EORDER, 11);
    assert_int_equal(CXKPI_EIO, 12);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(version_number_matches_macros),
        cmocka_unit_test(every_status_has_its_own_message),
        cmocka_unit_test(status_values_are_frozen),
    };
    return cmocka_run_group_tests_name("version", tests, NULL, NULL);
}
