<?php

declare(strict_types=1);

// PHPUnit bootstrap: the package's classes from this source tree (no Composer needed) and
// the shared test helpers. The C library comes from CXKPI_LIBRARY (the test runners point
// it at the build tree's libcxkpi.so.0).
require __DIR__ . '/../autoload.php';
require __DIR__ . '/CxkpiTestCase.php';
