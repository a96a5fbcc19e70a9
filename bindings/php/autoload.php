<?php

declare(strict_types=1);

// PSR-4 autoloader for use without Composer: `require 'bindings/php/autoload.php';`.
// With Composer, composer.json's "autoload" does the same.
spl_autoload_register(static function (string $class): void {
    if (str_starts_with($class, 'Cxkpi\\')) {
        $file = __DIR__ . '/src/' . str_replace('\\', '/', substr($class, 6)) . '.php';
        if (is_file($file)) {
            require $file;
        }
    }
});
