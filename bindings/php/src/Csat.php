<?php

declare(strict_types=1);

namespace Cxkpi;

/**
 * CSAT -- customer satisfaction score: the share of satisfied responses on a rating scale.
 *
 * A response is satisfied when `score >= satisfiedMin`. Common set-ups: 1-5 with 4
 * (top-two-box, the default), 1-10 with 8, 1-7 with 6, 0-1 with 1.
 *
 *     $csat = new Cxkpi\Csat();             // 1-5, 4 and 5 satisfied
 *     $csat->addMany([5, 4, 2, 5, 3]);
 *     $csat->percent();                     // 60.0 (100 * 3 / 5)
 *
 * Figures of an empty accumulator throw Cxkpi\Exception\EmptyException; count() is 0.
 */
final class Csat extends ScoreAccumulator
{
    protected const PREFIX = 'csat';

    /** @throws Exception\InvalidArgumentException unless 0 <= min < satisfiedMin <= max <= 100 */
    public function __construct(int $scaleMin = 1, int $scaleMax = 5, int $satisfiedMin = 4)
    {
        foreach ([$scaleMin, $scaleMax, $satisfiedMin] as $v) {
            if ($v < self::INT32_MIN || $v > self::INT32_MAX) {
                throw new Exception\InvalidArgumentException(Library::statusMessage(1) . ': a scale bound does not fit 32 bits', null, 'cxkpi_csat_new');
            }
        }
        $this->create('cxkpi_csat_new', $scaleMin, $scaleMax, $satisfiedMin);
    }

    /** @return array{0: int, 1: int, 2: int} [scaleMin, scaleMax, satisfiedMin] */
    public function config(): array
    {
        return $this->outs('int32_t', 3, 'cxkpi_csat_config');
    }

    /** Number of satisfied responses. */
    public function satisfied(): int
    {
        return $this->out('uint64_t', 'cxkpi_csat_satisfied');
    }

    /** CSAT in percent, 100 * satisfied / count. */
    public function percent(): float
    {
        return $this->out('double', 'cxkpi_csat_percent');
    }

    /** Mean score, sum(scores) / count. */
    public function mean(): float
    {
        return $this->out('double', 'cxkpi_csat_mean');
    }

    /**
     * Wilson score interval of percent(), [lo, hi] in percent.
     * @return array{0: float, 1: float}
     */
    public function interval(float $confidence = 0.95): array
    {
        return $this->outs('double', 2, 'cxkpi_csat_percent_interval', $confidence);
    }

    /** @return array<int, int> count of every score of the scale, lowest first */
    public function distribution(): array
    {
        [$lo, $hi] = $this->config();
        $d = [];
        for ($s = $lo; $s <= $hi; $s++) {
            $d[$s] = $this->scoreCount($s);
        }
        return $d;
    }

    protected function describe(): array
    {
        [$lo, $hi, $sat] = $this->config();
        $n = $this->count();
        return ['scale' => "$lo-$hi", 'satisfiedMin' => $sat, 'count' => $n]
            + ($n > 0 ? ['percent' => $this->percent()] : []);
    }
}
