/* A stand-in libcxkpi that claims an incompatible major version (1.0.0), so the binding's
 * tests can check that `import cxkpi` refuses it. Only what the import-time check calls. */
#if defined(_WIN32)
#  define FAKE_API __declspec(dllexport)
#else
#  define FAKE_API __attribute__((visibility("default")))
#endif

FAKE_API unsigned cxkpi_version(void);
FAKE_API const char *cxkpi_version_string(void);
FAKE_API const char *cxkpi_status_str(int status);

unsigned cxkpi_version(void) { return 10000; }
const char *cxkpi_version_string(void) { return "1.0.0"; }
const char *cxkpi_status_str(int status) { return status ? "error" : "success"; }
