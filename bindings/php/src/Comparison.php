<?php

declare(strict_types=1);

namespace Cxkpi;

/**
 * `a - b` with its interval at `confidence`, the two-sided p-value of "no difference", and
 * (NPS only) the standard error of the difference. Made by Cxkpi\Compare.
 */
final class Comparison
{
    public function __construct(
        public readonly float $difference,
        public readonly float $lo,
        public readonly float $hi,
        public readonly float $pValue,
        public readonly float $confidence,
        public readonly ?float $stderr = null,
    ) {
    }

    /** Whether the p-value is below `1 - confidence` (default: the interval's level). */
    public function significant(?float $confidence = null): bool
    {
        return $this->pValue < 1.0 - ($confidence ?? $this->confidence);
    }
}
