<?php

declare(strict_types=1);

// The PHP package's bulk path against its per-element path and against plain PHP: CSAT of
// N scores (1-5, satisfied from 4) counted several ways, each timed REPS times, medians
// and spread printed in nanoseconds per score:
//   add          Cxkpi\Csat::add per score (one FFI call each)
//   addMany      pack() into one buffer, one FFI call
//   addMany+null the same with every tenth score null ("no answer"), the double path
//   pack only    the pack() part of addMany alone
//   php loop     a plain PHP tally ($counts[$s]++), then the percentage
//   array_count_values  PHP's built-in tally
// and, per agent (100 agents, the agent of score i is i mod 100), CSAT for every agent:
//   grouped      Csat::grouped($agents, $scores): one C call for all agents
//   php tally per agent  an array of per-agent counters, then the percentages
//
//   CXKPI_LIBRARY=build/lib/libcxkpi.so.0 php -d ffi.enable=1 bench/php_bulk.php [N] [REPS]
require __DIR__ . '/../bindings/php/autoload.php';

$n = (int) ($argv[1] ?? 1000000);
$reps = (int) ($argv[2] ?? 5);
$scores = [];
$withNulls = [];
$agents = [];
$sat = 0;
for ($i = 0; $i < $n; $i++) {
    $s = ((($i * 2654435761) >> 7) % 5) + 1;
    $scores[] = $s;
    $withNulls[] = $i % 10 === 0 ? null : $s;
    $agents[] = 'agent-' . ($i % 100);
    $sat += $s >= 4 ? 1 : 0;
}
$expected = 100.0 * $sat / $n;

$cases = [
    'add (per score)' => function () use ($scores) {
        $c = new Cxkpi\Csat();
        foreach ($scores as $s) {
            $c->add($s);
        }
        return $c->percent();
    },
    'addMany (int array)' => function () use ($scores) {
        $c = new Cxkpi\Csat();
        $c->addMany($scores);
        return $c->percent();
    },
    'addMany (10% null)' => function () use ($withNulls) {
        $c = new Cxkpi\Csat();
        $c->addMany($withNulls);
        return $c->percent();
    },
    'pack only' => function () use ($scores, $expected) {
        pack('q*', ...$scores);
        return $expected;
    },
    'php loop (tally)' => function () use ($scores) {
        $counts = array_fill(0, 6, 0);
        foreach ($scores as $s) {
            $counts[$s]++;
        }
        return 100.0 * ($counts[4] + $counts[5]) / count($scores);
    },
    'array_count_values' => function () use ($scores) {
        $counts = array_count_values($scores) + array_fill(0, 6, 0);
        return 100.0 * ($counts[4] + $counts[5]) / count($scores);
    },
    'per agent: grouped' => function () use ($agents, $scores, $n) {
        $sat = 0;
        foreach (Cxkpi\Csat::grouped($agents, $scores) as $c) {
            $sat += $c->satisfied();
        }
        return 100.0 * $sat / $n;
    },
    'per agent: php tally' => function () use ($agents, $scores, $n) {
        $total = [];
        $good = [];
        foreach ($agents as $i => $a) {
            $total[$a] = ($total[$a] ?? 0) + 1;
            $good[$a] = ($good[$a] ?? 0) + ($scores[$i] >= 4 ? 1 : 0);
        }
        $percents = [];
        foreach ($total as $a => $t) {
            $percents[$a] = 100.0 * $good[$a] / $t;
        }
        return 100.0 * array_sum($good) / $n;
    },
];

printf("php %s, libcxkpi %s (%s)\n", PHP_VERSION, Cxkpi\Library::version(), Cxkpi\Library::path());
printf("uptime: %s\n", trim((string) shell_exec('uptime')));
printf("opcache.enable_cli=%s, jit=%s\n", ini_get('opcache.enable_cli') ?: '0', ini_get('opcache.jit') ?: 'off');
printf("N = %d scores, %d repetitions; ns per score: median (min - max)\n", $n, $reps);
foreach ($cases as $name => $fn) {
    $times = [];
    $result = null;
    for ($r = 0; $r < $reps; $r++) {
        gc_collect_cycles();
        $t = hrtime(true);
        $result = $fn();
        $times[] = (hrtime(true) - $t) / $n;
    }
    sort($times);
    $ok = str_contains($name, 'null') || abs($result - $expected) < 1e-9 ? '' : "  RESULT $result != $expected";
    printf("  %-24s %9.2f  (%.2f - %.2f)%s\n", $name, $times[intdiv($reps, 2)], $times[0], $times[$reps - 1], $ok);
}
