<?php

declare(strict_types=1);

namespace Cxkpi;

/**
 * FCR from raw contacts (key, time): an issue is resolved on first contact when no further
 * contact with the same key arrives within the repeat window (seconds, from the episode's
 * first contact). Contacts may arrive out of order by up to `lateness` seconds; later is
 * OrderException. Finalized episodes are counted into results() (an Fcr).
 *
 * Trackers copy and serialize but do not merge: shard by key and merge the results.
 */
final class FcrTracker extends Serializable
{
    protected const PREFIX = 'fcr_tracker';

    /** @throws Exception\InvalidArgumentException unless 1 <= window <= 2^40, 0 <= lateness < window */
    public function __construct(int $window = 7 * 86400, int $lateness = 0)
    {
        $this->create('cxkpi_fcr_tracker_new', $window, $lateness);
    }

    /**
     * The tracker key of an id: ints as they are (read as unsigned 64-bit), strings hashed
     * (64-bit FNV-1a of the bytes, cxkpi_fcr_key_from_bytes), the same in every language.
     */
    public static function key(int|string $id): int
    {
        if (is_int($id)) {
            return $id;
        }
        $out = Library::ffi()->new('uint64_t');
        Library::call('cxkpi_fcr_key_from_bytes', $id, strlen($id), \FFI::addr($out));
        return $out->cdata;
    }

    /** Records one contact at `$time` (Unix seconds or a DateTimeInterface). */
    public function add(int|string $key, int|\DateTimeInterface $time): static
    {
        Library::call('cxkpi_fcr_tracker_add', $this->handle(), self::key($key), Calendar::instant($time));
        return $this;
    }

    /**
     * Records contacts in array order, atomically, in one C call.
     * @param array<int|string> $keys
     * @param array<int|\DateTimeInterface> $times
     */
    public function addMany(array $keys, array $times): static
    {
        $h = $this->handle();
        if (count($keys) !== count($times)) {
            throw new \LengthException(sprintf('keys and times have different lengths (%d, %d)', count($keys), count($times)));
        }
        if ($keys === []) {
            return $this;
        }
        $k = array_map(self::key(...), array_values($keys));
        $t = array_map(Calendar::instant(...), array_values($times));
        Library::call('cxkpi_fcr_tracker_add_many', $h, pack('Q*', ...$k), pack('q*', ...$t), count($k));
        return $this;
    }

    /** Declares that event time has reached `$now`: finalizes every episode due. */
    public function flush(int|\DateTimeInterface $now): static
    {
        Library::call('cxkpi_fcr_tracker_flush', $this->handle(), Calendar::instant($now));
        return $this;
    }

    /** End of data: finalizes every open episode. */
    public function finish(): static
    {
        Library::call('cxkpi_fcr_tracker_finish', $this->handle());
        return $this;
    }

    /** The finalized episodes so far, as a new Fcr (a snapshot). */
    public function results(): Fcr
    {
        $borrowed = Library::ffi()->new('void*');
        Library::call('cxkpi_fcr_tracker_results', $this->handle(), \FFI::addr($borrowed));
        return self::cloned(Fcr::class, 'cxkpi_fcr_clone', $borrowed);
    }

    /** @return array{0: int, 1: int} [open episodes, keys with an open episode] */
    public function openEpisodes(): array
    {
        return $this->outs('uint64_t', 2, 'cxkpi_fcr_tracker_open');
    }

    /** The largest time seen (EmptyException before the first contact or flush). */
    public function watermark(): int
    {
        return $this->out('int64_t', 'cxkpi_fcr_tracker_watermark');
    }

    /** @return array{0: int, 1: int} [window, lateness] in seconds */
    public function config(): array
    {
        return $this->outs('int64_t', 2, 'cxkpi_fcr_tracker_config');
    }

    /** Bytes of heap memory the tracker holds now. */
    public function memoryUsage(): int
    {
        return $this->out('size_t', 'cxkpi_fcr_tracker_memory_usage');
    }

    protected function describe(): array
    {
        [$w, $late] = $this->config();
        return ['window' => $w, 'lateness' => $late, 'open' => $this->openEpisodes()[0],
            'finalized' => $this->results()->count()];
    }
}
