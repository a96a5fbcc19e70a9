<?php

declare(strict_types=1);

namespace Cxkpi;

/**
 * NPS -- net promoter score: answers 0-10 to "how likely are you to recommend us?".
 *
 * Promoters score 9-10, passives 7-8, detractors 0-6;
 * `score = 100 * (promoters - detractors) / count`, in [-100, 100].
 *
 *     $nps = new Cxkpi\Nps();
 *     $nps->addMany([10, 9, 8, 3]);
 *     $nps->score();                        // 25.0 (100 * (2 - 1) / 4)
 */
final class Nps extends ScoreAccumulator
{
    protected const PREFIX = 'nps';

    public function __construct()
    {
        $this->create('cxkpi_nps_new');
    }

    /** @return array{promoters: int, passives: int, detractors: int} */
    public function groups(): array
    {
        return array_combine(['promoters', 'passives', 'detractors'], $this->outs('uint64_t', 3, 'cxkpi_nps_groups'));
    }

    /** @return array{promoters: float, passives: float, detractors: float} shares in percent */
    public function groupPercents(): array
    {
        return array_combine(['promoters', 'passives', 'detractors'], $this->outs('double', 3, 'cxkpi_nps_group_percents'));
    }

    /** Net promoter score, 100 * (promoters - detractors) / count. */
    public function score(): float
    {
        return $this->out('double', 'cxkpi_nps_score');
    }

    /** Standard error in NPS points, 100 * sqrt((p + d - (p - d)^2) / n). */
    public function stderr(): float
    {
        return $this->out('double', 'cxkpi_nps_stderr');
    }

    /** Margin of error at `$confidence`, z(confidence) * stderr, in NPS points. */
    public function margin(float $confidence = 0.95): float
    {
        return $this->out('double', 'cxkpi_nps_margin', $confidence);
    }

    /** @return array{0: float, 1: float} [score - margin, score + margin], clipped to [-100, 100] */
    public function interval(float $confidence = 0.95): array
    {
        $s = $this->score();
        $m = $this->margin($confidence);
        return [max(-100.0, $s - $m), min(100.0, $s + $m)];
    }

    protected function describe(): array
    {
        $n = $this->count();
        return ['count' => $n] + ($n > 0 ? ['score' => $this->score()] : []);
    }
}
