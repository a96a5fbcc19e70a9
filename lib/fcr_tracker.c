#include "cxkpi/fcr_tracker.h"

#include <stdbool.h>
#include <string.h>

#include "common/alloc.h"
#include "common/counter.h"
#include "fcr_internal.h"
#include "common/frame.h"

#define TRACKER_FORMAT_VERSION 1
#define TABLE_MIN_CAP 16u /* slots; a power of two */
#define HEAP_MIN_CAP 16u
#define NOT_FOUND SIZE_MAX

/* One open key: its open episodes (at most two, see the header), earliest first. A slot
 * with n == 0 is empty, so every key value, 0 included, is usable. */
typedef struct tracker_slot {
    uint64_t key;
    int64_t first[2];  /* first contact time of each open episode */
    uint8_t repeat[2]; /* 1 once the episode has a second contact */
    uint8_t n;         /* open episodes: 0 (empty slot), 1 or 2 */
} tracker_slot;

/* A pending finalization: some episode of `key` is due when the watermark reaches
 * `deadline`. Entries can be stale (the episode was moved earlier or already finalized);
 * popping one only finalizes what is really due.
 *
 * Pending finalizations live in two places. Contacts mostly arrive in time order, so most
 * deadlines are pushed in nondecreasing order: those go to a FIFO ring (`queue`), which
 * stays sorted, costs O(1) per push and pop, and tells which keys expire next, so their
 * table slots can be prefetched. A deadline earlier than the last one queued (a late
 * contact, or a restored state) goes to a binary min-heap instead. Which entry is popped
 * first among those due does not matter: every due episode is finalized before the
 * contact is applied, and deleting keys from a linear-probing table with backward shift
 * leaves the same table whatever the order: after each deletion the table is as if the
 * deleted key had never been inserted (Knuth, The Art of Computer Programming, vol. 3,
 * section 6.4, Algorithm R). The serialized state, which lists keys in table order, is
 * therefore the same as with a single heap. */
typedef struct tracker_due {
    int64_t deadline;
    uint64_t key;
} tracker_due;

struct cxkpi_fcr_tracker {
    int64_t window;
    int64_t lateness;
    int64_t watermark;
    bool started;      /* a contact or a flush has set the watermark */
    uint64_t episodes; /* open episodes */
    size_t keys;       /* occupied slots */
    size_t cap;        /* slots in table, a power of two */
    tracker_slot *table;
    size_t heap_len, heap_cap;
    tracker_due *heap;
    size_t queue_head, queue_len, queue_cap; /* ring; queue_cap is a power of two */
    tracker_due *queue;
    int64_t queue_last; /* deadline of the last entry queued (INT64_MIN: none yet) */
    cxkpi_fcr fcr; /* finalized episodes */
};

/* ---- hash table: linear probing, backward-shift deletion ---- */

/* The murmur3 64-bit finalizer: spreads sequential ids over the table. */
static uint64_t key_mix(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ull;
    x ^= x >> 33;
    return x;
}

/* Asks the cache for the home slot of `key` ahead of its lookup. */
static void table_prefetch(const cxkpi_fcr_tracker *t, uint64_t key)
{
#if defined(__GNUC__) || defined(__clang__)
    __builtin_prefetch(&t->table[(size_t)key_mix(key) & (t->cap - 1)]);
#else
    (void)t;
    (void)key;
#endif
}

static size_t table_home(const tracker_slot *table, size_t cap, size_t i)
{
    return (size_t)key_mix(table[i].key) & (cap - 1);
}

static size_t table_find(const cxkpi_fcr_tracker *t, uint64_t key)
{
    size_t mask = t->cap - 1;
    for (size_t i = (size_t)key_mix(key) & mask;; i = (i + 1) & mask) {
        if (t->table[i].n == 0)
            return NOT_FOUND;
        if (t->table[i].key == key)
            return i;
    }
}

/* Index of the empty slot where `key` (absent) goes; the table has room. */
static size_t table_free_slot(const tracker_slot *table, size_t cap, uint64_t key)
{
    size_t mask = cap - 1, i = (size_t)key_mix(key) & mask;
    while (table[i].n != 0)
        i = (i + 1) & mask;
    return i;
}

static void table_delete(cxkpi_fcr_tracker *t, size_t i)
{
    size_t mask = t->cap - 1;
    for (size_t j = (i + 1) & mask; t->table[j].n != 0; j = (j + 1) & mask) {
        /* the entry at j may move back to i when its home is not in (i, j] */
        size_t home = table_home(t->table, t->cap, j);
        if (((j - home) & mask) >= ((j - i) & mask)) {
            t->table[i] = t->table[j];
            i = j;
        }
    }
    t->table[i].n = 0;
    t->keys--;
}

/* Smallest capacity that holds `keys` at most 1/4 full (room to grow before the next
 * rebuild). */
static size_t table_fit(size_t keys)
{
    size_t cap = TABLE_MIN_CAP;
    while (cap / 4 < keys)
        cap *= 2;
    return cap;
}

static bool table_rebuild(cxkpi_fcr_tracker *t, size_t cap)
{
    tracker_slot *table = cxkpi__alloc_zeroed(cap, sizeof *table);
    if (!table)
        return false;
    for (size_t i = 0; i < t->cap; i++)
        if (t->table[i].n != 0)
            table[table_free_slot(table, cap, t->table[i].key)] = t->table[i];
    cxkpi__free(t->table);
    t->table = table;
    t->cap = cap;
    return true;
}

/* Room for `more` keys without passing 3/4 full (the table at least doubles when it
 * grows, so growth is amortized O(1) per key). */
static bool table_reserve(cxkpi_fcr_tracker *t, size_t more)
{
    if (more > SIZE_MAX / 8 - t->keys)
        return false;
    size_t need = t->keys + more, cap = t->cap;
    while (need > cap / 4 * 3) {
        if (cap > SIZE_MAX / 2 / sizeof(tracker_slot))
            return false;
        cap *= 2;
    }
    return cap == t->cap || table_rebuild(t, cap);
}

/* ---- deadline heap: a binary min-heap on deadline ---- */

static bool heap_resize(cxkpi_fcr_tracker *t, size_t cap)
{
    tracker_due *heap = cxkpi__alloc_array(cap, sizeof *heap);
    if (!heap)
        return false;
    if (t->heap_len)
        memcpy(heap, t->heap, t->heap_len * sizeof *heap);
    cxkpi__free(t->heap);
    t->heap = heap;
    t->heap_cap = cap;
    return true;
}

/* The capacity (`cap`, doubled as often as needed, so growth is amortized O(1) per push)
 * of an array of deadlines holding `len` entries that needs room for `more`; false when it
 * would not fit in memory. */
static bool due_capacity(size_t len, size_t cap, size_t more, size_t *out)
{
    if (more > SIZE_MAX / 8 - len)
        return false;
    while (len + more > cap) {
        if (cap > SIZE_MAX / 2 / sizeof(tracker_due))
            return false;
        cap *= 2;
    }
    *out = cap;
    return true;
}

/* Room for `more` pushes. */
static bool heap_reserve(cxkpi_fcr_tracker *t, size_t more)
{
    size_t cap;
    return due_capacity(t->heap_len, t->heap_cap, more, &cap) &&
           (cap == t->heap_cap || heap_resize(t, cap));
}

static void heap_push(cxkpi_fcr_tracker *t, int64_t deadline, uint64_t key)
{
    size_t i = t->heap_len++;
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (t->heap[parent].deadline <= deadline)
            break;
        t->heap[i] = t->heap[parent];
        i = parent;
    }
    t->heap[i] = (tracker_due){deadline, key};
}

static tracker_due heap_pop(cxkpi_fcr_tracker *t)
{
    tracker_due top = t->heap[0], last = t->heap[--t->heap_len];
    size_t i = 0, n = t->heap_len;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n)
            break;
        if (c + 1 < n && t->heap[c + 1].deadline < t->heap[c].deadline)
            c++;
        if (last.deadline <= t->heap[c].deadline)
            break;
        t->heap[i] = t->heap[c];
        i = c;
    }
    if (n)
        t->heap[i] = last;
    return top;
}

/* ---- deadline queue: a FIFO ring of nondecreasing deadlines ---- */

#define QUEUE_MIN_CAP 16u
/* How many queued entries ahead of the one being popped get their slot prefetched. */
#define PREFETCH_AHEAD 8u

static bool queue_resize(cxkpi_fcr_tracker *t, size_t cap)
{
    tracker_due *queue = cxkpi__alloc_array(cap, sizeof *queue);
    if (!queue)
        return false;
    for (size_t i = 0; i < t->queue_len; i++)
        queue[i] = t->queue[(t->queue_head + i) & (t->queue_cap - 1)];
    cxkpi__free(t->queue);
    t->queue = queue;
    t->queue_cap = cap;
    t->queue_head = 0;
    return true;
}

/* Room for `more` entries. */
static bool queue_reserve(cxkpi_fcr_tracker *t, size_t more)
{
    size_t cap;
    return due_capacity(t->queue_len, t->queue_cap, more, &cap) &&
           (cap == t->queue_cap || queue_resize(t, cap));
}

/* True when a deadline goes to the queue (it keeps the queue sorted), false for the
 * heap. */
static bool queue_takes(const cxkpi_fcr_tracker *t, int64_t deadline)
{
    return deadline >= t->queue_last;
}

/* Queues or heaps a deadline; the structure it goes to has room. */
static void due_push(cxkpi_fcr_tracker *t, int64_t deadline, uint64_t key)
{
    if (!queue_takes(t, deadline)) {
        heap_push(t, deadline, key);
        return;
    }
    t->queue[(t->queue_head + t->queue_len) & (t->queue_cap - 1)] =
        (tracker_due){deadline, key};
    t->queue_len++;
    t->queue_last = deadline;
}

/* ---- episodes ---- */

static int64_t deadline_of(const cxkpi_fcr_tracker *t, int64_t first)
{
    return first + t->window + t->lateness;
}

/* Counts the slot's oldest open episode into the results and drops it from the slot.
 * The caller has checked that the results have room for every open episode. */
static void finalize_oldest(cxkpi_fcr_tracker *t, tracker_slot *s)
{
    (void)cxkpi_fcr_add(&t->fcr, s->repeat[0] ? 0u : CXKPI_FCR_RESOLVED_FIRST_CONTACT);
    s->first[0] = s->first[1];
    s->repeat[0] = s->repeat[1];
    s->n--;
    t->episodes--;
}

/* Finalizes every due episode of the key in slot i; frees the slot when none is left. */
static void finalize_due(cxkpi_fcr_tracker *t, size_t i)
{
    tracker_slot *s = &t->table[i];
    while (s->n > 0 && deadline_of(t, s->first[0]) <= t->watermark)
        finalize_oldest(t, s);
    if (s->n == 0)
        table_delete(t, i);
}

/* Finalizes every episode due at the watermark. */
static void expire(cxkpi_fcr_tracker *t)
{
    const size_t qmask = t->queue_cap - 1;
    while (t->queue_len > 0 && t->queue[t->queue_head].deadline <= t->watermark) {
        tracker_due due = t->queue[t->queue_head];
        if (t->queue_len > PREFETCH_AHEAD)
            table_prefetch(t, t->queue[(t->queue_head + PREFETCH_AHEAD) & qmask].key);
        t->queue_head = (t->queue_head + 1) & qmask;
        t->queue_len--;
        size_t i = table_find(t, due.key);
        if (i != NOT_FOUND)
            finalize_due(t, i);
    }
    while (t->heap_len > 0 && t->heap[0].deadline <= t->watermark) {
        tracker_due due = heap_pop(t);
        size_t i = table_find(t, due.key);
        if (i != NOT_FOUND)
            finalize_due(t, i);
    }
}

/* Gives memory back once the table is under 1/8 full or the heap under 1/4: best-effort,
 * a failed allocation keeps the larger arrays. */
static void maybe_shrink(cxkpi_fcr_tracker *t)
{
    if (t->cap > TABLE_MIN_CAP && t->keys < t->cap / 8)
        (void)table_rebuild(t, table_fit(t->keys));
    if (t->heap_cap > HEAP_MIN_CAP && t->heap_len < t->heap_cap / 4) {
        size_t cap = HEAP_MIN_CAP;
        while (cap < t->heap_len * 2)
            cap *= 2;
        (void)heap_resize(t, cap);
    }
    if (t->queue_cap > QUEUE_MIN_CAP && t->queue_len < t->queue_cap / 4) {
        size_t cap = QUEUE_MIN_CAP;
        while (cap < t->queue_len * 2)
            cap *= 2;
        (void)queue_resize(t, cap);
    }
}

/* Applies an accepted contact after the due episodes are finalized; the table and the
 * heap have room for one more entry. See the header for why this case analysis is
 * complete when lateness < window. */
static void apply_contact(cxkpi_fcr_tracker *t, uint64_t key, int64_t ts)
{
    size_t i = table_find(t, key);
    if (i == NOT_FOUND) {
        i = table_free_slot(t->table, t->cap, key);
        t->table[i] = (tracker_slot){.key = key, .first = {ts, 0}, .repeat = {0, 0}, .n = 1};
        t->keys++;
        t->episodes++;
        due_push(t, deadline_of(t, ts), key);
        return;
    }
    tracker_slot *s = &t->table[i];
    int j = -1; /* the episode with the latest first contact <= ts */
    for (int e = 0; e < s->n; e++)
        if (s->first[e] <= ts)
            j = e;
    if (j >= 0 && ts - s->first[j] < t->window) {
        s->repeat[j] = 1; /* inside its window: a repeat */
        return;
    }
    if (j + 1 < s->n) {
        /* ts opens an episode before the next open one, whose contacts (all at or below
         * the watermark < ts + W) fall inside ts's window: ts becomes its first contact. */
        s->first[j + 1] = ts;
        s->repeat[j + 1] = 1;
        due_push(t, deadline_of(t, ts), key);
        return;
    }
    if (s->n == 2) {
        /* Unreachable while lateness < window (the older episode was due), kept so the
         * slot can never overflow: finalize the older episode now. */
        finalize_oldest(t, s);
    }
    s->first[s->n] = ts;
    s->repeat[s->n] = 0;
    s->n++;
    t->episodes++;
    due_push(t, deadline_of(t, ts), key);
}

/* ---- public API ---- */

static bool config_valid(int64_t window, int64_t lateness)
{
    return window >= 1 && window <= CXKPI_FCR_TRACKER_WINDOW_MAX && lateness >= 0 &&
           lateness < window;
}

static bool time_valid(int64_t ts)
{
    return ts >= CXKPI_FCR_TRACKER_TIME_MIN && ts <= CXKPI_FCR_TRACKER_TIME_MAX;
}

/* A tracker with empty arrays of the given capacities. */
static cxkpi_fcr_tracker *tracker_create(int64_t window, int64_t lateness, size_t cap,
                                         size_t heap_cap, size_t queue_cap)
{
    cxkpi_fcr_tracker *t = cxkpi__alloc(sizeof *t);
    if (!t)
        return NULL;
    memset(t, 0, sizeof *t);
    t->window = window;
    t->lateness = lateness;
    t->cap = cap;
    t->heap_cap = heap_cap;
    t->queue_cap = queue_cap;
    t->queue_last = INT64_MIN;
    t->table = cxkpi__alloc_zeroed(cap, sizeof *t->table);
    t->heap = cxkpi__alloc_array(heap_cap, sizeof *t->heap);
    t->queue = cxkpi__alloc_array(queue_cap, sizeof *t->queue);
    cxkpi__fcr_init(&t->fcr);
    if (!t->table || !t->heap || !t->queue) {
        cxkpi_fcr_tracker_free(t);
        return NULL;
    }
    return t;
}

cxkpi_status cxkpi_fcr_tracker_new(cxkpi_fcr_tracker **out, int64_t window_seconds,
                                   int64_t lateness_seconds)
{
    if (!out || !config_valid(window_seconds, lateness_seconds))
        return CXKPI_EINVAL;
    cxkpi_fcr_tracker *t =
        tracker_create(window_seconds, lateness_seconds, TABLE_MIN_CAP, HEAP_MIN_CAP,
                       QUEUE_MIN_CAP);
    if (!t)
        return CXKPI_ENOMEM;
    *out = t;
    return CXKPI_OK;
}

void cxkpi_fcr_tracker_free(cxkpi_fcr_tracker *tracker)
{
    if (!tracker)
        return;
    cxkpi__free(tracker->table);
    cxkpi__free(tracker->heap);
    cxkpi__free(tracker->queue);
    cxkpi__free(tracker);
}

/* True when finalizing every open episode, plus `more`, fits the results' counters. */
static bool results_have_room(const cxkpi_fcr_tracker *t, uint64_t more)
{
    return cxkpi__u64_room(t->fcr.hist.total, t->episodes) &&
           cxkpi__u64_room(t->fcr.hist.total + t->episodes, more);
}

/* Moves the watermark to ts (if later), finalizes what is due, applies the contact. The
 * contact was validated and room was reserved. */
static void add_contact(cxkpi_fcr_tracker *t, uint64_t key, int64_t ts)
{
    if (!t->started || ts > t->watermark)
        t->watermark = ts;
    t->started = true;
    expire(t);
    apply_contact(t, key, ts);
}

/* Every check and every allocation happens before the first change, so any error
 * (ENOMEM included: growing the arrays does not change what they hold) changes nothing. */
cxkpi_status cxkpi_fcr_tracker_add(cxkpi_fcr_tracker *tracker, uint64_t key,
                                   int64_t unix_seconds)
{
    cxkpi_fcr_tracker *t = tracker;
    if (!t)
        return CXKPI_EINVAL;
    if (!time_valid(unix_seconds))
        return CXKPI_ERANGE;
    if (t->started && unix_seconds < t->watermark - t->lateness)
        return CXKPI_EORDER;
    if (!results_have_room(t, 1))
        return CXKPI_EOVERFLOW;
    /* the contact pushes at most one deadline, to the queue or the heap */
    bool to_queue = queue_takes(t, deadline_of(t, unix_seconds));
    if (!(to_queue ? queue_reserve(t, 1) : heap_reserve(t, 1)) || !table_reserve(t, 1))
        return CXKPI_ENOMEM;
    add_contact(t, key, unix_seconds);
    maybe_shrink(t);
    return CXKPI_OK;
}

cxkpi_status cxkpi_fcr_tracker_add_many(cxkpi_fcr_tracker *tracker, const uint64_t *keys,
                                        const int64_t *unix_seconds, size_t n)
{
    cxkpi_fcr_tracker *t = tracker;
    if (!t || (n && (!keys || !unix_seconds)))
        return CXKPI_EINVAL;
    /* Validate the whole batch against the watermark it would produce. */
    bool started = t->started;
    int64_t watermark = t->watermark;
    /* Count the contacts whose deadline might go to the heap: those earlier than every
     * deadline that might have been queued before them (the last queued deadline is at
     * most `latest`). */
    int64_t latest = t->queue_last;
    size_t late = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t ts = unix_seconds[i];
        if (!time_valid(ts))
            return CXKPI_ERANGE;
        if (started && ts < watermark - t->lateness)
            return CXKPI_EORDER;
        if (!started || ts > watermark)
            watermark = ts;
        started = true;
        int64_t deadline = deadline_of(t, ts);
        if (deadline < latest)
            late++;
        else
            latest = deadline;
    }
    if (!results_have_room(t, n))
        return CXKPI_EOVERFLOW;
    /* Each contact pushes at most one deadline and adds at most one key; a contact counted
     * in `late` may still find room in the queue. */
    if (!queue_reserve(t, n) || !heap_reserve(t, late) || !table_reserve(t, n))
        return CXKPI_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        if (i + PREFETCH_AHEAD < n)
            table_prefetch(t, keys[i + PREFETCH_AHEAD]);
        add_contact(t, keys[i], unix_seconds[i]);
    }
    maybe_shrink(t);
    return CXKPI_OK;
}

/* Moves the watermark to `watermark` (if later) and finalizes what is due. */
static cxkpi_status advance(cxkpi_fcr_tracker *t, int64_t watermark)
{
    if (!results_have_room(t, 0))
        return CXKPI_EOVERFLOW;
    if (!t->started || watermark > t->watermark)
        t->watermark = watermark;
    t->started = true;
    expire(t);
    maybe_shrink(t);
    return CXKPI_OK;
}

cxkpi_status cxkpi_fcr_tracker_flush(cxkpi_fcr_tracker *tracker, int64_t now)
{
    if (!tracker)
        return CXKPI_EINVAL;
    if (!time_valid(now))
        return CXKPI_ERANGE;
    return advance(tracker, now);
}

cxkpi_status cxkpi_fcr_tracker_finish(cxkpi_fcr_tracker *tracker)
{
    if (!tracker)
        return CXKPI_EINVAL;
    /* past every episode's deadline, and every acceptable time is now older than
     * watermark - lateness */
    return advance(tracker, deadline_of(tracker, CXKPI_FCR_TRACKER_TIME_MAX));
}

cxkpi_status cxkpi_fcr_tracker_reset(cxkpi_fcr_tracker *tracker)
{
    cxkpi_fcr_tracker *t = tracker;
    if (!t)
        return CXKPI_EINVAL;
    memset(t->table, 0, t->cap * sizeof *t->table);
    t->keys = 0;
    t->heap_len = 0;
    t->queue_len = 0;
    t->queue_head = 0;
    t->queue_last = INT64_MIN;
    t->episodes = 0;
    t->started = false;
    t->watermark = 0;
    cxkpi__hist_reset(&t->fcr.hist);
    maybe_shrink(t);
    return CXKPI_OK;
}

cxkpi_status cxkpi_fcr_tracker_clone(const cxkpi_fcr_tracker *src, cxkpi_fcr_tracker **out)
{
    if (!src || !out)
        return CXKPI_EINVAL;
    cxkpi_fcr_tracker *t =
        tracker_create(src->window, src->lateness, src->cap, src->heap_cap, src->queue_cap);
    if (!t)
        return CXKPI_ENOMEM;
    for (size_t i = 0; i < src->queue_len; i++)
        t->queue[i] = src->queue[(src->queue_head + i) & (src->queue_cap - 1)];
    t->queue_len = src->queue_len;
    t->queue_last = src->queue_last;
    memcpy(t->table, src->table, src->cap * sizeof *t->table);
    if (src->heap_len)
        memcpy(t->heap, src->heap, src->heap_len * sizeof *t->heap);
    t->heap_len = src->heap_len;
    t->keys = src->keys;
    t->episodes = src->episodes;
    t->started = src->started;
    t->watermark = src->watermark;
    cxkpi__fcr_copy(&t->fcr, &src->fcr);
    *out = t;
    return CXKPI_OK;
}

cxkpi_status cxkpi_fcr_tracker_results(const cxkpi_fcr_tracker *tracker,
                                       const cxkpi_fcr **results)
{
    if (!tracker || !results)
        return CXKPI_EINVAL;
    *results = &tracker->fcr;
    return CXKPI_OK;
}

cxkpi_status cxkpi_fcr_tracker_open(const cxkpi_fcr_tracker *tracker, uint64_t *episodes,
                                    uint64_t *keys)
{
    if (!tracker || !episodes || !keys)
        return CXKPI_EINVAL;
    *episodes = tracker->episodes;
    *keys = tracker->keys;
    return CXKPI_OK;
}

cxkpi_status cxkpi_fcr_tracker_watermark(const cxkpi_fcr_tracker *tracker, int64_t *watermark)
{
    if (!tracker || !watermark)
        return CXKPI_EINVAL;
    if (!tracker->started)
        return CXKPI_EEMPTY;
    *watermark = tracker->watermark;
    return CXKPI_OK;
}

cxkpi_status cxkpi_fcr_tracker_config(const cxkpi_fcr_tracker *tracker, int64_t *window_seconds,
                                      int64_t *lateness_seconds)
{
    if (!tracker || !window_seconds || !lateness_seconds)
        return CXKPI_EINVAL;
    *window_seconds = tracker->window;
    *lateness_seconds = tracker->lateness;
    return CXKPI_OK;
}

cxkpi_status cxkpi_fcr_tracker_memory_usage(const cxkpi_fcr_tracker *tracker, size_t *bytes)
{
    if (!tracker || !bytes)
        return CXKPI_EINVAL;
    *bytes = sizeof *tracker + tracker->cap * sizeof *tracker->table +
             tracker->heap_cap * sizeof *tracker->heap +
             tracker->queue_cap * sizeof *tracker->queue;
    return CXKPI_OK;
}

/* ---- serialization ---- */

#define HEAD_SIZE (8u + 8u + 1u + 8u + CXKPI__FCR_PAYLOAD_SIZE + 8u)
#define KEY_SIZE (8u + 1u)
#define EPISODE_SIZE (8u + 1u)

static bool payload_size(const cxkpi_fcr_tracker *t, size_t *size)
{
    /* keys and episodes are bounded by the table's memory, so this cannot overflow in
     * practice; checked anyway */
    if (t->episodes > SIZE_MAX / EPISODE_SIZE || t->keys > SIZE_MAX / KEY_SIZE)
        return false;
    size_t a = t->keys * KEY_SIZE, b = (size_t)t->episodes * EPISODE_SIZE;
    if (a > SIZE_MAX - HEAD_SIZE - b)
        return false;
    *size = HEAD_SIZE + a + b;
    return true;
}

static void write_payload(const void *obj, cxkpi__writer *w)
{
    const cxkpi_fcr_tracker *t = obj;
    cxkpi__put_i64(w, t->window);
    cxkpi__put_i64(w, t->lateness);
    cxkpi__put_u8(w, t->started ? 1 : 0);
    cxkpi__put_i64(w, t->watermark);
    cxkpi__fcr_write(&t->fcr, w);
    cxkpi__put_u64(w, t->keys);
    for (size_t i = 0; i < t->cap; i++) {
        const tracker_slot *s = &t->table[i];
        if (s->n == 0)
            continue;
        cxkpi__put_u64(w, s->key);
        cxkpi__put_u8(w, s->n);
        for (int e = 0; e < s->n; e++) {
            cxkpi__put_i64(w, s->first[e]);
            cxkpi__put_u8(w, s->repeat[e]);
        }
    }
}

cxkpi_status cxkpi_fcr_tracker_serialized_size(const cxkpi_fcr_tracker *tracker, size_t *size)
{
    if (!tracker || !size)
        return CXKPI_EINVAL;
    size_t payload;
    if (!payload_size(tracker, &payload))
        return CXKPI_ENOMEM;
    return cxkpi__frame_size(payload, size) ? CXKPI_OK : CXKPI_ENOMEM;
}

cxkpi_status cxkpi_fcr_tracker_serialize(const cxkpi_fcr_tracker *tracker, void *buf,
                                         size_t capacity, size_t *written)
{
    if (!tracker)
        return CXKPI_EINVAL;
    size_t payload;
    if (!payload_size(tracker, &payload))
        return CXKPI_ENOSPC;
    return cxkpi__frame_write(CXKPI__KIND_FCR_TRACKER, TRACKER_FORMAT_VERSION, payload,
                              write_payload, tracker, buf, capacity, written);
}

/* Reads one key's record into the tracker (which has room); CXKPI_EFORMAT when the record
 * is inconsistent or the key is already there. */
static cxkpi_status read_key(cxkpi_fcr_tracker *t, cxkpi__reader *r)
{
    tracker_slot s = {.key = cxkpi__get_u64(r)};
    uint8_t n = cxkpi__get_u8(r);
    if (r->bad || n < 1 || n > 2)
        return CXKPI_EFORMAT;
    for (int e = 0; e < n; e++) {
        s.first[e] = cxkpi__get_i64(r);
        s.repeat[e] = cxkpi__get_u8(r);
        if (r->bad || s.repeat[e] > 1 || !time_valid(s.first[e]) ||
            s.first[e] > t->watermark || deadline_of(t, s.first[e]) <= t->watermark)
            return CXKPI_EFORMAT;
    }
    if (n == 2 && s.first[1] - s.first[0] < t->window)
        return CXKPI_EFORMAT;
    s.n = n;
    if (table_find(t, s.key) != NOT_FOUND)
        return CXKPI_EFORMAT;
    t->table[table_free_slot(t->table, t->cap, s.key)] = s;
    t->keys++;
    for (int e = 0; e < n; e++) {
        t->episodes++;
        heap_push(t, deadline_of(t, s.first[e]), s.key);
    }
    return CXKPI_OK;
}

cxkpi_status cxkpi_fcr_tracker_deserialize(cxkpi_fcr_tracker **out, const void *buf,
                                           size_t size)
{
    if (!out || !buf)
        return CXKPI_EINVAL;
    uint16_t version;
    cxkpi__reader r;
    cxkpi_status st = cxkpi__frame_open(buf, size, CXKPI__KIND_FCR_TRACKER,
                                        TRACKER_FORMAT_VERSION, &version, &r);
    if (st != CXKPI_OK)
        return st;
    int64_t window = cxkpi__get_i64(&r);
    int64_t lateness = cxkpi__get_i64(&r);
    uint8_t started = cxkpi__get_u8(&r);
    int64_t watermark = cxkpi__get_i64(&r);
    if (r.bad || !config_valid(window, lateness) || started > 1)
        return CXKPI_EFORMAT;
    if (started ? watermark < CXKPI_FCR_TRACKER_TIME_MIN ||
                      watermark > CXKPI_FCR_TRACKER_TIME_MAX + window + lateness
                : watermark != 0)
        return CXKPI_EFORMAT;
    /* Bound the key count by the bytes left before allocating anything. */
    size_t left = cxkpi__reader_left(&r);
    if (left < CXKPI__FCR_PAYLOAD_SIZE + 8u)
        return CXKPI_EFORMAT;
    cxkpi__reader peek = r;
    peek.pos += CXKPI__FCR_PAYLOAD_SIZE;
    uint64_t keys = cxkpi__get_u64(&peek);
    if (keys > (left - CXKPI__FCR_PAYLOAD_SIZE - 8u) / (KEY_SIZE + EPISODE_SIZE) ||
        (!started && keys != 0))
        return CXKPI_EFORMAT;
    size_t heap_cap = HEAP_MIN_CAP;
    while (heap_cap < 2 * (size_t)keys)
        heap_cap *= 2;
    cxkpi_fcr_tracker *t =
        tracker_create(window, lateness, table_fit((size_t)keys), heap_cap, QUEUE_MIN_CAP);
    if (!t)
        return CXKPI_ENOMEM;
    t->started = started;
    t->watermark = watermark;
    st = cxkpi__fcr_read(&t->fcr, &r);
    if (st == CXKPI_OK && !started && t->fcr.hist.total != 0)
        st = CXKPI_EFORMAT;
    /* a tracker only ever counts flags 0 and RESOLVED_FIRST_CONTACT (slots 0 and 1) */
    for (unsigned slot = 2; st == CXKPI_OK && slot < CXKPI__FCR_SLOTS; slot++)
        if (t->fcr.counts[slot] != 0)
            st = CXKPI_EFORMAT;
    (void)cxkpi__get_u64(&r); /* keys, already read */
    for (uint64_t k = 0; st == CXKPI_OK && k < keys; k++)
        st = read_key(t, &r);
    st = cxkpi__reader_finish(&r, st);
    if (st != CXKPI_OK) {
        cxkpi_fcr_tracker_free(t);
        return st;
    }
    *out = t;
    return CXKPI_OK;
}

cxkpi_status cxkpi_fcr_key_from_bytes(const void *bytes, size_t n, uint64_t *key)
{
    if (!key || (!bytes && n))
        return CXKPI_EINVAL;
    const uint8_t *p = bytes;
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001b3ull;
    }
    *key = h;
    return CXKPI_OK;
}
