/*
 * cxkpi for PostgreSQL: what every state type shares — the expanded form used inside
 * aggregates, text/binary/bytea I/O with validation through the library's deserializer,
 * the combine function, and the mapping of library statuses to SQL errors.
 */
#include "cxkpi_pg.h"

#include <string.h>

#include "common/base64.h"
#include "datatype/timestamp.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "cxkpi.h"

PG_MODULE_MAGIC;

/* ---- the kinds: typed library calls behind untyped pointers ---------------------- */

#define CX_KIND(k, number) \
	static void k##_free_v(void *acc) { cxkpi_##k##_free(acc); } \
	static cxkpi_status k##_size_v(const void *acc, size_t *size) \
	{ return cxkpi_##k##_serialized_size(acc, size); } \
	static cxkpi_status k##_serialize_v(const void *acc, void *buf, size_t cap, size_t *written) \
	{ return cxkpi_##k##_serialize(acc, buf, cap, written); } \
	static cxkpi_status k##_deserialize_v(void **out, const void *buf, size_t size) \
	{ \
		cxkpi_##k *acc = NULL; \
		cxkpi_status st = cxkpi_##k##_deserialize(&acc, buf, size); \
		if (st == CXKPI_OK) \
			*out = acc; \
		return st; \
	} \
	static cxkpi_status k##_merge_v(void *dst, const void *src) \
	{ return cxkpi_##k##_merge(dst, src); } \
	static cxkpi_status k##_clone_v(const void *src, void **out) \
	{ \
		cxkpi_##k *acc = NULL; \
		cxkpi_status st = cxkpi_##k##_clone(src, &acc); \
		if (st == CXKPI_OK) \
			*out = acc; \
		return st; \
	} \
	const cx_kind cx_kind_##k = {"cxkpi_" #k, number, k##_free_v, k##_size_v, \
		k##_serialize_v, k##_deserialize_v, k##_merge_v, k##_clone_v}

CX_KIND(csat, 1);
CX_KIND(nps, 2);
CX_KIND(fcr, 3);
CX_KIND(sla, 5);
CX_KIND(duration, 6);
CX_KIND(churn, 7);
CX_KIND(aht, 8);
CX_KIND(survival, 9);

/* Names of the frame kinds (docs/FORMAT.md), for error details. */
static const char *
frame_kind_name(unsigned kind)
{
	static const char *const names[] = {NULL, "csat", "nps", "fcr", "fcr_tracker", "sla",
	"duration", "churn", "aht", "survival"};

	if (kind < sizeof(names) / sizeof(names[0]) && names[kind] != NULL)
		return names[kind];
	return "unknown";
}

/* ---- errors -------------------------------------------------------------------- */

static int
status_sqlstate(cxkpi_status status)
{
	switch (status)
	{
		case CXKPI_ERANGE:
		case CXKPI_EOVERFLOW:
			return ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE;
		case CXKPI_ENOMEM:
			return ERRCODE_OUT_OF_MEMORY;
		case CXKPI_EFORMAT:
		case CXKPI_EVERSION:
			return ERRCODE_INVALID_BINARY_REPRESENTATION;
		case CXKPI_EIO:
			return ERRCODE_IO_ERROR;
		case CXKPI_ENOTFOUND:
			return ERRCODE_UNDEFINED_OBJECT;
		case CXKPI_EEMPTY:
			return ERRCODE_NO_DATA;
		default:
			return ERRCODE_INVALID_PARAMETER_VALUE;
	}
}

void
cx_raise(cxkpi_status status, const char *what)
{
	ereport(ERROR,
			(errcode(status_sqlstate(status)),
			 errmsg("%s: %s", what, cxkpi_status_str(status))));
	pg_unreachable();
}

void
cx_raise_detail(cxkpi_status status, const char *what, const char *fmt,...)
{
	char		detail[256];
	va_list		ap;

	va_start(ap, fmt);
	pg_vsnprintf(detail, sizeof detail, fmt, ap);
	va_end(ap);
	ereport(ERROR,
			(errcode(status_sqlstate(status)),
			 errmsg("%s: %s", what, cxkpi_status_str(status)),
			 errdetail("%s", detail)));
	pg_unreachable();
}

/* ---- the expanded form ---------------------------------------------------------- */

static Size
cx_get_flat_size(ExpandedObjectHeader *eohptr)
{
	cx_state   *s = (cx_state *) eohptr;
	size_t		n = 0;
	cxkpi_status st = s->kind->size_fn(s->acc, &n);

	if (st != CXKPI_OK)
		cx_raise(st, s->kind->type_name);
	if (n > MaxAllocSize - VARHDRSZ)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s: serialized state of %zu bytes is too large", s->kind->type_name, n)));
	return (Size) n + VARHDRSZ;
}

static void
cx_flatten_into(ExpandedObjectHeader *eohptr, void *result, Size allocated_size)
{
	cx_state   *s = (cx_state *) eohptr;
	size_t		written = 0;
	cxkpi_status st = s->kind->serialize_fn(s->acc, VARDATA(result),
											allocated_size - VARHDRSZ, &written);

	if (st != CXKPI_OK)
		cx_raise(st, s->kind->type_name);
	SET_VARSIZE(result, VARHDRSZ + written);
}

static const ExpandedObjectMethods cx_methods = {cx_get_flat_size, cx_flatten_into};

/* Frees the library accumulator when the object's context is reset or deleted. */
static void
cx_state_reset(void *arg)
{
	cx_state   *s = arg;

	if (s->acc != NULL)
		s->kind->free_fn(s->acc);
	s->acc = NULL;
}

/*
 * Where the states live. PostgreSQL keeps an expanded transition value without copying
 * it only when the object's memory context is a direct child of the aggregate's context.
 * One context per state would satisfy that, but a hash aggregate measures its memory by
 * walking every child context each time it creates a group, which makes a context per
 * group quadratic in the number of groups. So the states of one aggregate context share a
 * single child context, found through the call site's fn_extra; a reset callback on the
 * aggregate context forgets it when PostgreSQL resets that context (which deletes the
 * child and, through each state's own callback, frees the library accumulators).
 * PostgreSQL deletes an expanded transition value only when the transition function
 * returns a different one, which these functions never do with a state they created.
 */
#define CX_SHARED_SLOTS 4

typedef struct cx_shared
{
	MemoryContext aggctx;		/* NULL when the slot is free */
	MemoryContext states;		/* child of aggctx holding its states */
	MemoryContextCallback cb;
} cx_shared;

static void
cx_shared_forget(void *arg)
{
	cx_shared  *slot = arg;

	slot->aggctx = NULL;
	slot->states = NULL;
}

static MemoryContext
states_context(FunctionCallInfo fcinfo, MemoryContext aggctx)
{
	cx_shared  *slots = fcinfo->flinfo->fn_extra;
	cx_shared  *free_slot = NULL;

	if (slots == NULL)
	{
		slots = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt,
									   sizeof(cx_shared) * CX_SHARED_SLOTS);
		fcinfo->flinfo->fn_extra = slots;
	}
	for (int i = 0; i < CX_SHARED_SLOTS; i++)
	{
		if (slots[i].aggctx == aggctx)
			return slots[i].states;
		if (slots[i].aggctx == NULL && free_slot == NULL)
			free_slot = &slots[i];
	}
	if (free_slot == NULL)		/* more aggregate contexts than slots: one of its own */
		return AllocSetContextCreate(aggctx, "cxkpi state", ALLOCSET_SMALL_SIZES);
	free_slot->states = AllocSetContextCreate(aggctx, "cxkpi states", ALLOCSET_DEFAULT_SIZES);
	free_slot->aggctx = aggctx;
	free_slot->cb.func = cx_shared_forget;
	free_slot->cb.arg = free_slot;
	MemoryContextRegisterResetCallback(aggctx, &free_slot->cb);
	return free_slot->states;
}

cx_state *
cx_state_new(FunctionCallInfo fcinfo, const cx_kind *kind, MemoryContext aggctx)
{
	MemoryContext ctx = states_context(fcinfo, aggctx);
	cx_state   *s = MemoryContextAllocZero(ctx, sizeof *s);

	EOH_init_header(&s->hdr, &cx_methods, ctx);
	s->kind = kind;
	s->acc = NULL;
	s->cb.func = cx_state_reset;
	s->cb.arg = s;
	MemoryContextRegisterResetCallback(ctx, &s->cb);
	return s;
}

/* The expanded state behind a datum, when it is one of ours of this kind. */
static cx_state *
datum_state(Datum d, const cx_kind *kind)
{
	if (VARATT_IS_EXTERNAL_EXPANDED(DatumGetPointer(d)))
	{
		/* what DatumGetEOHP() does, inline: this runs once per row */
		varatt_expanded ref;
		ExpandedObjectHeader *eoh;

		memcpy(&ref, VARDATA_EXTERNAL(DatumGetPointer(d)), sizeof ref);
		eoh = ref.eohptr;

		if (eoh->eoh_methods == &cx_methods && ((cx_state *) eoh)->kind == kind &&
			((cx_state *) eoh)->acc != NULL)
			return (cx_state *) eoh;
	}
	return NULL;
}

/* ---- validation of bytes from outside ------------------------------------------- */

static uint64
read_le(const unsigned char *p, int n)
{
	uint64		v = 0;

	for (int i = n - 1; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

/* Deserializes bytes (an error names what is wrong); the caller owns *out. */
static void
deserialize_or_raise(const cx_kind *kind, const void *buf, size_t size, int sqlstate,
					 void **out)
{
	const unsigned char *b = buf;
	cxkpi_status st = kind->deserialize_fn(out, buf, size);
	char		detail[200];

	if (st == CXKPI_OK)
		return;
	if (st != CXKPI_EFORMAT && st != CXKPI_EVERSION)
		cx_raise(st, kind->type_name);
	if (size < 20)
		snprintf(detail, sizeof detail,
				 "%zu bytes is shorter than the smallest cxkpi frame (20 bytes): truncated.", size);
	else if (memcmp(b, "CXKP", 4) != 0)
		snprintf(detail, sizeof detail, "The bytes do not start with the cxkpi magic \"CXKP\".");
	else if (read_le(b + 8, 8) != size - 20)
		snprintf(detail, sizeof detail,
				 "The frame announces %llu payload bytes but holds %zu: truncated or extended.",
				 (unsigned long long) read_le(b + 8, 8), size - 20);
	else if (read_le(b + 4, 2) != kind->frame_kind)
		snprintf(detail, sizeof detail, "The frame holds a state of kind %s (%u), not %s.",
				 frame_kind_name((unsigned) read_le(b + 4, 2)), (unsigned) read_le(b + 4, 2),
				 kind->type_name);
	else if (st == CXKPI_EVERSION)
		snprintf(detail, sizeof detail, "Format version %u is newer than this library reads.",
				 (unsigned) read_le(b + 6, 2));
	else
		snprintf(detail, sizeof detail,
				 "Checksum mismatch or inconsistent fields: corrupted bytes.");
	ereport(ERROR,
			(errcode(sqlstate),
			 errmsg("invalid %s value: %s", kind->type_name, cxkpi_status_str(st)),
			 errdetail("%s", detail)));
}

/* Checks that bytes are a valid frame of this kind, keeping nothing. */
static void
validate_bytes(const cx_kind *kind, const void *buf, size_t size, int sqlstate)
{
	void	   *acc = NULL;

	deserialize_or_raise(kind, buf, size, sqlstate, &acc);
	kind->free_fn(acc);
}

static bytea *
bytes_to_varlena(const void *buf, size_t size)
{
	bytea	   *v = palloc(VARHDRSZ + size);

	SET_VARSIZE(v, VARHDRSZ + size);
	memcpy(VARDATA(v), buf, size);
	return v;
}

/* ---- borrowing an argument's accumulator ----------------------------------------- */

static void
cx_temp_reset(void *arg)
{
	cx_temp    *t = arg;

	if (t->acc != NULL)
		t->kind->free_fn(t->acc);
	t->acc = NULL;
}

void
cx_arg_acc(FunctionCallInfo fcinfo, int argno, const cx_kind *kind, cx_ref *ref)
{
	Datum		d = PG_GETARG_DATUM(argno);
	cx_state   *s = datum_state(d, kind);
	struct varlena *v;
	cx_temp    *t;
	void	   *acc = NULL;

	if (s != NULL)
	{
		ref->acc = s->acc;
		ref->temp = NULL;
		return;
	}
	v = PG_DETOAST_DATUM_PACKED(d);
	t = palloc0(sizeof *t);
	t->kind = kind;
	t->cb.func = cx_temp_reset;
	t->cb.arg = t;
	deserialize_or_raise(kind, VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v), ERRCODE_DATA_CORRUPTED,
						 &acc);
	t->acc = acc;
	MemoryContextRegisterResetCallback(CurrentMemoryContext, &t->cb);
	ref->acc = acc;
	ref->temp = t;
}

void
cx_ref_release(cx_ref *ref)
{
	/*
	 * PostgreSQL 15 cannot unregister a reset callback: the accumulator is freed now and
	 * the small record stays registered, empty, until its context is reset.
	 */
	if (ref->temp != NULL)
		cx_temp_reset(ref->temp);
	ref->temp = NULL;
	ref->acc = NULL;
}

/* ---- aggregate states ---------------------------------------------------------- */

/* A new expanded state in aggctx holding a copy of argument argno. */
static cx_state *
copy_into(FunctionCallInfo fcinfo, int argno, const cx_kind *kind, MemoryContext aggctx)
{
	cx_ref		r;
	cx_state   *s = cx_state_new(fcinfo, kind, aggctx);
	void	   *copy = NULL;
	cxkpi_status st;

	cx_arg_acc(fcinfo, argno, kind, &r);
	st = kind->clone_fn(r.acc, &copy);
	cx_ref_release(&r);
	if (st != CXKPI_OK)
		cx_raise(st, kind->type_name);
	s->acc = copy;
	return s;
}

cx_state *
cx_trans_state(FunctionCallInfo fcinfo, const cx_kind *kind, MemoryContext *aggctx)
{
	cx_state   *s;

	if (!AggCheckCallContext(fcinfo, aggctx))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s: a transition function can only be called by an aggregate",
						kind->type_name)));
	if (PG_ARGISNULL(0))
		return NULL;
	s = datum_state(PG_GETARG_DATUM(0), kind);
	if (s != NULL && VARATT_IS_EXTERNAL_EXPANDED_RW(DatumGetPointer(PG_GETARG_DATUM(0))) &&
		s->hdr.eoh_context->parent == *aggctx)
		return s;				/* ours: updated in place */
	return copy_into(fcinfo, 0, kind, *aggctx);
}

Datum
cx_combine(FunctionCallInfo fcinfo, const cx_kind *kind)
{
	return cx_combine_with(fcinfo, kind, kind->merge_fn);
}

Datum
cx_combine_with(FunctionCallInfo fcinfo, const cx_kind *kind,
				cxkpi_status (*merge_fn) (void *dst, const void *src))
{
	MemoryContext aggctx;
	cx_state   *dst = cx_trans_state(fcinfo, kind, &aggctx);
	cx_ref		src;
	cxkpi_status st;

	if (PG_ARGISNULL(1))
	{
		if (dst == NULL)
			PG_RETURN_NULL();
		CX_RETURN_STATE(dst);
	}
	if (dst == NULL)
	{
		dst = copy_into(fcinfo, 1, kind, aggctx);
		CX_RETURN_STATE(dst);
	}
	cx_arg_acc(fcinfo, 1, kind, &src);
	st = merge_fn(dst->acc, src.acc);
	cx_ref_release(&src);
	if (st == CXKPI_EMISMATCH)
		cx_raise_detail(st, kind->type_name,
						"States made with different configurations (scale, threshold, "
						"target or alpha) cannot be merged.");
	if (st != CXKPI_OK)
		cx_raise(st, kind->type_name);
	CX_RETURN_STATE(dst);
}

/* ---- type I/O ------------------------------------------------------------------- */

/* The bytes of a state argument: the stored varlena, or the expanded state flattened. */
static struct varlena *
arg_bytes(FunctionCallInfo fcinfo, int argno)
{
	return PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(argno));
}

Datum
cx_in(FunctionCallInfo fcinfo, const cx_kind *kind)
{
	const char *text = PG_GETARG_CSTRING(0);
	int			len = (int) strlen(text);
	int			cap = pg_b64_dec_len(len);
	char	   *buf = palloc(cap > 0 ? cap : 1);
	int			n = pg_b64_decode(text, len, buf, cap);

	if (n < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type %s", kind->type_name),
				 errdetail("The text form of a cxkpi state is the base64 encoding of its "
						   "serialized bytes.")));
	validate_bytes(kind, buf, (size_t) n, ERRCODE_INVALID_TEXT_REPRESENTATION);
	PG_RETURN_BYTEA_P(bytes_to_varlena(buf, (size_t) n));
}

Datum
cx_out(FunctionCallInfo fcinfo, const cx_kind *kind)
{
	struct varlena *v = arg_bytes(fcinfo, 0);
	int			len = (int) VARSIZE_ANY_EXHDR(v);
	int			cap = pg_b64_enc_len(len) + 1;
	char	   *out = palloc(cap);
	int			n = pg_b64_encode(VARDATA_ANY(v), len, out, cap);

	if (n < 0)
		elog(ERROR, "%s: base64 encoding failed", kind->type_name);
	out[n] = '\0';
	PG_RETURN_CSTRING(out);
}

Datum
cx_recv(FunctionCallInfo fcinfo, const cx_kind *kind)
{
	StringInfo	msg = (StringInfo) PG_GETARG_POINTER(0);
	int			n = msg->len - msg->cursor;
	const char *bytes = pq_getmsgbytes(msg, n);

	validate_bytes(kind, bytes, (size_t) n, ERRCODE_INVALID_BINARY_REPRESENTATION);
	PG_RETURN_BYTEA_P(bytes_to_varlena(bytes, (size_t) n));
}

Datum
cx_send(FunctionCallInfo fcinfo, const cx_kind *kind)
{
	struct varlena *v = arg_bytes(fcinfo, 0);
	StringInfoData buf;

	(void) kind;
	pq_begintypsend(&buf);
	pq_sendbytes(&buf, VARDATA_ANY(v), (int) VARSIZE_ANY_EXHDR(v));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

Datum
cx_from_bytea(FunctionCallInfo fcinfo, const cx_kind *kind)
{
	bytea	   *b = PG_GETARG_BYTEA_PP(0);

	validate_bytes(kind, VARDATA_ANY(b), VARSIZE_ANY_EXHDR(b),
				   ERRCODE_INVALID_BINARY_REPRESENTATION);
	PG_RETURN_BYTEA_P(bytes_to_varlena(VARDATA_ANY(b), VARSIZE_ANY_EXHDR(b)));
}

Datum
cx_to_bytea(FunctionCallInfo fcinfo, const cx_kind *kind)
{
	struct varlena *v = arg_bytes(fcinfo, 0);

	(void) kind;
	PG_RETURN_BYTEA_P(bytes_to_varlena(VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v)));
}

double
cx_interval_seconds(Datum d)
{
	const Interval *iv = (const Interval *) DatumGetPointer(d);
	double		s = (double) iv->time / USECS_PER_SEC;

	/* as EXTRACT(EPOCH FROM interval): a year is 365.25 days, a month 30 days */
	s += ((double) DAYS_PER_YEAR * SECS_PER_DAY) * (iv->month / MONTHS_PER_YEAR);
	s += ((double) DAYS_PER_MONTH * SECS_PER_DAY) * (iv->month % MONTHS_PER_YEAR);
	s += (double) SECS_PER_DAY * iv->day;
	return s;
}
