<?php

declare(strict_types=1);

// The PHP side of the cross-language identity test (see run.py): same commands and outputs
// as identity.c, through the package, feeding the first half of each kind's events one by
// one and the rest with addMany (one C call); tracker contacts one by one.
require __DIR__ . '/../php/autoload.php';

use Cxkpi\Aht;
use Cxkpi\Churn;
use Cxkpi\Csat;
use Cxkpi\Duration;
use Cxkpi\Fcr;
use Cxkpi\FcrTracker;
use Cxkpi\Nps;
use Cxkpi\Sla;
use Cxkpi\Survival;

function f64(float $x): string
{
    return bin2hex(pack('e', $x));
}

/** @param array<string, Cxkpi\Serializable> $accs */
function writeOutputs(string $out, array $accs): void
{
    foreach ($accs as $kind => $acc) {
        file_put_contents("$out/$kind.bin", $acc->toBytes());
    }
    ['csat' => $c, 'nps' => $n, 'fcr' => $fcr, 'sla' => $sla, 'duration' => $d, 'aht' => $aht,
        'churn' => $ch, 'fcr_tracker' => $t] = $accs;
    [$lo, $hi] = $c->interval(0.95);
    [$slo, $shi] = $sla->interval(0.95);
    [$episodes, $keys] = $t->openEpisodes();
    $results = $t->results()->counts();
    $lines = [
        ['csat.count', count($c)], ['csat.percent', f64($c->percent())], ['csat.mean', f64($c->mean())],
        ['csat.lo', f64($lo)], ['csat.hi', f64($hi)],
        ['nps.count', count($n)], ['nps.score', f64($n->score())], ['nps.stderr', f64($n->stderr())],
        ['nps.margin', f64($n->margin(0.95))],
        ['fcr.percent', f64($fcr->percent())], ['fcr.net_percent', f64($fcr->netPercent())],
        ['fcr.escalation_percent', f64($fcr->escalationPercent())], ['fcr.reopen_percent', f64($fcr->reopenPercent())],
        ['sla.met', $sla->met()], ['sla.breached', $sla->breached()], ['sla.percent', f64($sla->percent())],
        ['sla.lo', f64($slo)], ['sla.hi', f64($shi)],
        ['duration.count', count($d)], ['duration.mean', f64($d->mean())], ['duration.stddev', f64($d->stddev())],
        ['duration.p50', f64($d->quantile(0.5))], ['duration.p90', f64($d->quantile(0.9))],
        ['duration.p99', f64($d->quantile(0.99))],
        ['aht.aht', f64($aht->aht())], ['aht.talk_p90', f64($aht->quantile(0.9, Aht::TALK))],
        ['churn.percent', f64($ch->percent())],
        ['survival.within_1h', f64($accs['survival']->percentResolvedWithin(3600.0))],
        ['survival.median', f64($accs['survival']->quantile(0.5)['value'])],
        ['fcr_tracker.open_episodes', $episodes], ['fcr_tracker.open_keys', $keys],
        ['fcr_tracker.issues', $results['issues']], ['fcr_tracker.resolved', $results['resolved_first_contact']],
    ];
    file_put_contents("$out/figures.txt", implode('', array_map(fn ($l) => "$l[0] $l[1]\n", $lines)));
}

/**
 * Half one by one, half in one call.
 * @param list<mixed> $values
 */
function halves(array $values, callable $one, callable $many): void
{
    $half = intdiv(count($values), 2);
    foreach (array_slice($values, 0, $half) as $v) {
        $one($v);
    }
    $many(array_slice($values, $half));
}

function feed(string $events, string $out): void
{
    $cols = [];
    foreach (file($events, FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES) as $line) {
        $args = preg_split('/\s+/', trim($line));
        $cols[array_shift($args)][] = $args;
    }
    $ints = fn (string $w) => array_map(fn ($a) => (int) $a[0], $cols[$w] ?? []);
    $floats = fn (string $w) => array_map(fn ($a) => (float) $a[0], $cols[$w] ?? []);
    $accs = ['csat' => new Csat(1, 5, 4), 'nps' => new Nps(), 'fcr' => new Fcr(), 'sla' => new Sla(3600.0),
        'duration' => new Duration(0.01), 'aht' => new Aht(0.01), 'churn' => new Churn(),
        'fcr_tracker' => new FcrTracker(3600, 600), 'survival' => new Survival(0.01)];
    foreach (['csat', 'nps', 'fcr'] as $k) {
        halves($ints($k), fn ($v) => $accs[$k]->add($v), fn ($vs) => $accs[$k]->addMany($vs));
    }
    halves($floats('sla'), fn ($v) => $accs['sla']->add($v), fn ($vs) => $accs['sla']->addMany($vs));
    halves($floats('sla_open'), fn ($v) => $accs['sla']->addOpen($v), fn ($vs) => $accs['sla']->addOpenMany($vs));
    halves($floats('duration'), fn ($v) => $accs['duration']->add($v), fn ($vs) => $accs['duration']->addMany($vs));
    $triples = array_map(fn ($a) => array_map('floatval', $a), $cols['aht'] ?? []);
    halves($triples, fn ($t) => $accs['aht']->add(...$t),
        fn ($ts) => $accs['aht']->addMany(array_column($ts, 0), array_column($ts, 1), array_column($ts, 2)));
    foreach ($ints('churn_start') as $n) {
        $accs['churn']->addStart($n);
    }
    foreach ($ints('churn_gained') as $n) {
        $accs['churn']->addGained($n);
    }
    foreach ($ints('churn_lost') as $n) {
        $accs['churn']->addLost($n);
    }
    halves($floats('survival'), fn ($v) => $accs['survival']->add($v), fn ($vs) => $accs['survival']->addMany($vs));
    halves($floats('survival_open'), fn ($v) => $accs['survival']->addOpen($v), fn ($vs) => $accs['survival']->addOpenMany($vs));
    // Contacts one by one, as C feeds them: the tracker's bytes then match C's exactly (a
    // batch grows its hash table differently, which changes the order of the open keys).
    foreach ($cols['contact'] ?? [] as $c) {
        $accs['fcr_tracker']->add($c[0], (int) $c[1]);
    }
    writeOutputs($out, $accs);
}

/** @param list<string> $dirs */
function merge(string $out, array $dirs): void
{
    $accs = [];
    foreach (['csat' => Csat::class, 'nps' => Nps::class, 'fcr' => Fcr::class, 'sla' => Sla::class,
        'duration' => Duration::class, 'aht' => Aht::class, 'churn' => Churn::class,
        'survival' => Survival::class] as $kind => $class) {
        $acc = $class::fromBytes(file_get_contents("$dirs[0]/$kind.bin"));
        foreach (array_slice($dirs, 1) as $dir) {
            $acc->merge($class::fromBytes(file_get_contents("$dir/$kind.bin")));
        }
        $accs[$kind] = $acc;
    }
    $accs['fcr_tracker'] = FcrTracker::fromBytes(file_get_contents("$dirs[0]/fcr_tracker.bin"));
    writeOutputs($out, $accs);
}

if ($argc === 4 && $argv[1] === 'feed') {
    feed($argv[2], $argv[3]);
} elseif ($argc >= 4 && $argv[1] === 'merge') {
    merge($argv[2], array_slice($argv, 3));
} else {
    fwrite(STDERR, "usage: identity.php feed EVENTS OUTDIR | merge OUTDIR DIR...\n");
    exit(2);
}
