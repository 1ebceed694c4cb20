/*
 * rejson_standin.c - a small stand-in for the RedisJSON module, for development, the demo and tests only.
 *
 * Production sites run redis-stack. Debian's redis-server has neither RedisJSON nor any module header, so
 * this file declares by hand the slice of the module API it uses (fetched through GetApi) and implements
 * the JSON.* subset blissdata needs, with the reply formats and error texts of RedisJSON 2.6/2.8:
 * JSON.SET, JSON.GET, JSON.MGET, JSON.DEL, JSON.FORGET and JSON.TYPE.
 *
 * Paths: the root, member names and array indexes, in JSONPath form ($, $.a.b, $['a'], $.a[0]) and in
 * legacy form (., .a.b, a.b, a[0]). Wildcards, filters, recursive descent, slices and unions are refused
 * with an ERR naming the feature, never answered wrongly.
 *
 * Known deviations from RedisJSON:
 *  - numbers are kept and returned as written (RedisJSON reprints floats with ryu: 1e3 -> 1000.0);
 *  - a multi-path JSON.GET lists the paths in argument order (RedisJSON: unspecified HashMap order);
 *  - FORMAT is refused; an invalid path is an error even when the key is missing (RedisJSON: nil);
 *  - documents are limited to MAX_DOC_DEPTH levels of nesting (only reachable through path writes).
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ======================= Redis module API, declared by hand ======================= */

#define RM_OK 0
#define RM_ERR 1
#define RM_APIVER_1 1
#define RM_READ (1 << 0)
#define RM_WRITE (1 << 1)
#define RM_KEYTYPE_EMPTY 0
#define RM_KEYTYPE_MODULE 6
#define RM_CTX_FLAGS_REPLICATED (1 << 12)
#define RM_CTX_FLAGS_LOADING (1 << 13)
#define RM_CTX_FLAGS_RESP3 (1 << 22)
#define RM_NOTIFY_MODULE (1 << 13) /* keyspace event class 'd' */

typedef struct RedisModuleCtx RedisModuleCtx;
typedef struct RedisModuleKey RedisModuleKey;
typedef struct RedisModuleString RedisModuleString;
typedef struct RedisModuleIO RedisModuleIO;
typedef struct RedisModuleType RedisModuleType;
typedef struct RedisModuleDigest RedisModuleDigest;
typedef struct RedisModuleDefragCtx RedisModuleDefragCtx;
typedef int (*RedisModuleCmdFunc)(RedisModuleCtx *ctx, RedisModuleString **argv, int argc);

/* Field order is the ABI; Redis reads fields past `free` only as far as `version` says (v3 adds copy). */
typedef struct {
    uint64_t version;
    void *(*rdb_load)(RedisModuleIO *rdb, int encver);
    void (*rdb_save)(RedisModuleIO *rdb, void *value);
    void (*aof_rewrite)(RedisModuleIO *aof, RedisModuleString *key, void *value);
    size_t (*mem_usage)(const void *value);
    void (*digest)(RedisModuleDigest *digest, void *value);
    void (*free)(void *value);
    int (*aux_load)(RedisModuleIO *rdb, int encver, int when); /* v2 */
    void (*aux_save)(RedisModuleIO *rdb, int when);
    int aux_save_triggers;
    size_t (*free_effort)(RedisModuleString *key, const void *value); /* v3 */
    void (*unlink)(RedisModuleString *key, const void *value);
    void *(*copy)(RedisModuleString *fromkey, RedisModuleString *tokey, const void *value);
    int (*defrag)(RedisModuleDefragCtx *ctx, RedisModuleString *key, void **value);
} RedisModuleTypeMethods;

#define RM_API_LIST(X)                                                                                      \
    X(int, IsModuleNameBusy, (const char *name))                                                            \
    X(void, SetModuleAttribs, (RedisModuleCtx * ctx, const char *name, int ver, int apiver))                \
    X(int, CreateCommand,                                                                                   \
      (RedisModuleCtx * ctx, const char *name, RedisModuleCmdFunc fn, const char *flags, int first, int last, \
       int step))                                                                                           \
    X(RedisModuleType *, CreateDataType, (RedisModuleCtx * ctx, const char *name, int encver, void *methods)) \
    X(RedisModuleKey *, OpenKey, (RedisModuleCtx * ctx, RedisModuleString * name, int mode))                \
    X(void, CloseKey, (RedisModuleKey * key))                                                               \
    X(int, KeyType, (RedisModuleKey * key))                                                                 \
    X(RedisModuleType *, ModuleTypeGetType, (RedisModuleKey * key))                                         \
    X(void *, ModuleTypeGetValue, (RedisModuleKey * key))                                                   \
    X(int, ModuleTypeSetValue, (RedisModuleKey * key, RedisModuleType * type, void *value))                 \
    X(int, DeleteKey, (RedisModuleKey * key))                                                               \
    X(int, ReplyWithError, (RedisModuleCtx * ctx, const char *err))                                         \
    X(int, ReplyWithSimpleString, (RedisModuleCtx * ctx, const char *msg))                                  \
    X(int, ReplyWithStringBuffer, (RedisModuleCtx * ctx, const char *buf, size_t len))                      \
    X(int, ReplyWithNull, (RedisModuleCtx * ctx))                                                           \
    X(int, ReplyWithLongLong, (RedisModuleCtx * ctx, long long value))                                      \
    X(int, ReplyWithArray, (RedisModuleCtx * ctx, long len))                                                \
    X(int, WrongArity, (RedisModuleCtx * ctx))                                                              \
    X(const char *, StringPtrLen, (const RedisModuleString *str, size_t *len))                              \
    X(int, GetContextFlags, (RedisModuleCtx * ctx))                                                         \
    X(int, ReplicateVerbatim, (RedisModuleCtx * ctx))                                                       \
    X(int, NotifyKeyspaceEvent, (RedisModuleCtx * ctx, int type, const char *event, RedisModuleString *key)) \
    X(void *, Alloc, (size_t bytes))                                                                        \
    X(void *, Realloc, (void *ptr, size_t bytes))                                                           \
    X(void, Free, (void *ptr))                                                                              \
    X(void, SaveStringBuffer, (RedisModuleIO * io, const char *str, size_t len))                            \
    X(char *, LoadStringBuffer, (RedisModuleIO * io, size_t *len))                                          \
    X(void, EmitAOF, (RedisModuleIO * io, const char *cmd, const char *fmt, ...))                           \
    X(void, LogIOError, (RedisModuleIO * io, const char *level, const char *fmt, ...))

#define RM_DECLARE(ret, name, params) static ret(*RM_##name) params;
RM_API_LIST(RM_DECLARE)
#undef RM_DECLARE

/* RedisModule_Init is a static function of redismodule.h, so it is re-implemented here. GetApi is the
 * first pointer of the context; a missing name fails the load instead of leaving a NULL pointer. */
static int load_api(RedisModuleCtx *ctx) {
    int (*get_api)(const char *, void *);
    void *first = ((void **)ctx)[0];
    memcpy(&get_api, &first, sizeof get_api);
#define RM_FETCH(ret, name, params)                                                          \
    if (get_api("RedisModule_" #name, (void *)&RM_##name) != RM_OK || RM_##name == NULL) { \
        fprintf(stderr, "rejson-standin: this Redis lacks RedisModule_" #name "\n");        \
        return RM_ERR;                                                                       \
    }
    RM_API_LIST(RM_FETCH)
#undef RM_FETCH
    return RM_OK;
}

static RedisModuleType *JsonType;

#define UTF8_ERROR "Couldn't parse as UTF-8 string"
#define WRONGTYPE_ERROR "Existing key has wrong Redis type"
#define COMMAND_DEPTH_LIMIT 128 /* serde_json's recursion limit, which RedisJSON keeps for JSON.SET */
#define MAX_DOC_DEPTH 1024      /* stand-in limit so that loading a dump never recurses too deep */

/* ======================= growable byte buffer ======================= */

typedef struct {
    char *ptr;
    size_t len, cap;
} Buf;

static void buf_reserve(Buf *b, size_t extra) {
    if (b->cap - b->len >= extra) return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap - b->len < extra) cap *= 2;
    b->ptr = b->ptr ? RM_Realloc(b->ptr, cap) : RM_Alloc(cap);
    b->cap = cap;
}

static void buf_put(Buf *b, const void *data, size_t len) {
    if (len == 0) return;
    buf_reserve(b, len);
    memcpy(b->ptr + b->len, data, len);
    b->len += len;
}

static void buf_putc(Buf *b, char c) { buf_put(b, &c, 1); }
static void buf_puts(Buf *b, const char *s) { buf_put(b, s, strlen(s)); }

static void buf_free(Buf *b) {
    RM_Free(b->ptr);
    b->ptr = NULL;
    b->len = b->cap = 0;
}

static char *mem_dup(const char *s, size_t len) {
    char *copy = RM_Alloc(len + 1);
    if (len) memcpy(copy, s, len);
    copy[len] = '\0'; /* strtod needs it for numbers */
    return copy;
}

static void *grow(void *items, size_t *cap, size_t item_size) {
    *cap = *cap ? *cap * 2 : 4;
    return items ? RM_Realloc(items, *cap * item_size) : RM_Alloc(*cap * item_size);
}

/* ======================= JSON values ======================= */

typedef enum { J_NULL, J_BOOL, J_NUMBER, J_STRING, J_ARRAY, J_OBJECT } JType;

typedef struct JNode JNode;
typedef struct {
    char *key;
    size_t keylen;
    JNode *value;
} JMember;

struct JNode {
    JType type;
    int is_int; /* J_NUMBER: an integer for JSON.TYPE (fits i64/u64 and is not -0) */
    union {
        int boolean;
        struct { char *ptr; size_t len; } text; /* J_STRING: decoded UTF-8; J_NUMBER: text as written */
        struct { JNode **items; size_t len, cap; } arr;
        struct { JMember *items; size_t len, cap; } obj;
    } u;
};

static JNode *node_new(JType type) {
    JNode *n = RM_Alloc(sizeof *n);
    memset(n, 0, sizeof *n);
    n->type = type;
    return n;
}

static void node_free(JNode *n);

/* Releases what a node owns but keeps the node itself, so it can be overwritten in place. */
static void node_clear(JNode *n) {
    switch (n->type) {
    case J_NUMBER:
    case J_STRING: RM_Free(n->u.text.ptr); break;
    case J_ARRAY:
        for (size_t i = 0; i < n->u.arr.len; i++) node_free(n->u.arr.items[i]);
        RM_Free(n->u.arr.items);
        break;
    case J_OBJECT:
        for (size_t i = 0; i < n->u.obj.len; i++) {
            RM_Free(n->u.obj.items[i].key);
            node_free(n->u.obj.items[i].value);
        }
        RM_Free(n->u.obj.items);
        break;
    default: break;
    }
    memset(n, 0, sizeof *n);
}

static void node_free(JNode *n) {
    if (!n) return;
    node_clear(n);
    RM_Free(n);
}

/* Overwrites dst with src's content and frees the src shell. Writing in place keeps the key (and its
 * TTL) when the root is replaced, as RedisJSON does; ModuleTypeSetValue would drop the TTL. */
static void node_move_into(JNode *dst, JNode *src) {
    node_clear(dst);
    *dst = *src;
    RM_Free(src);
}

static JNode *node_clone(const JNode *n) {
    JNode *c = node_new(n->type);
    *c = *n;
    switch (n->type) {
    case J_NUMBER:
    case J_STRING: c->u.text.ptr = mem_dup(n->u.text.ptr, n->u.text.len); break;
    case J_ARRAY:
        c->u.arr.cap = n->u.arr.len;
        c->u.arr.items = n->u.arr.len ? RM_Alloc(n->u.arr.len * sizeof(JNode *)) : NULL;
        for (size_t i = 0; i < n->u.arr.len; i++) c->u.arr.items[i] = node_clone(n->u.arr.items[i]);
        break;
    case J_OBJECT:
        c->u.obj.cap = n->u.obj.len;
        c->u.obj.items = n->u.obj.len ? RM_Alloc(n->u.obj.len * sizeof(JMember)) : NULL;
        for (size_t i = 0; i < n->u.obj.len; i++) {
            const JMember *m = &n->u.obj.items[i];
            c->u.obj.items[i] = (JMember){mem_dup(m->key, m->keylen), m->keylen, node_clone(m->value)};
        }
        break;
    default: break;
    }
    return c;
}

static size_t node_mem(const JNode *n) {
    size_t total = sizeof *n;
    switch (n->type) {
    case J_NUMBER:
    case J_STRING: total += n->u.text.len + 1; break;
    case J_ARRAY:
        total += n->u.arr.cap * sizeof(JNode *);
        for (size_t i = 0; i < n->u.arr.len; i++) total += node_mem(n->u.arr.items[i]);
        break;
    case J_OBJECT:
        total += n->u.obj.cap * sizeof(JMember);
        for (size_t i = 0; i < n->u.obj.len; i++)
            total += n->u.obj.items[i].keylen + 1 + node_mem(n->u.obj.items[i].value);
        break;
    default: break;
    }
    return total;
}

static void array_push(JNode *a, JNode *v) {
    if (a->u.arr.len == a->u.arr.cap) a->u.arr.items = grow(a->u.arr.items, &a->u.arr.cap, sizeof(JNode *));
    a->u.arr.items[a->u.arr.len++] = v;
}

static void object_push(JNode *o, char *key, size_t keylen, JNode *v) {
    if (o->u.obj.len == o->u.obj.cap) o->u.obj.items = grow(o->u.obj.items, &o->u.obj.cap, sizeof(JMember));
    o->u.obj.items[o->u.obj.len++] = (JMember){key, keylen, v};
}

static int key_eq(const JMember *a, const JMember *b) {
    return a->keylen == b->keylen && memcmp(a->key, b->key, a->keylen) == 0;
}

/* Orders by key, then by position, so duplicates are adjacent and the first occurrence leads. */
static int member_order(const void *pa, const void *pb) {
    const JMember *a = *(const JMember *const *)pa, *b = *(const JMember *const *)pb;
    if (a->keylen != b->keylen) return a->keylen < b->keylen ? -1 : 1;
    int c = memcmp(a->key, b->key, a->keylen);
    if (c) return c;
    return a < b ? -1 : (a > b);
}

/* serde_json (hence RedisJSON) keeps one member per key: the last value, at the first key's position.
 * Small objects use a quadratic scan; big ones sort pointers so a 1 MiB object stays fast. */
static void object_dedupe(JNode *o) {
    size_t n = o->u.obj.len;
    JMember *m = o->u.obj.items;
    if (n < 2) return;
    if (n <= 16) {
        for (size_t i = 0; i < n; i++) {
            for (size_t j = i + 1; m[i].value && j < n; j++) {
                if (!m[j].value || !key_eq(&m[i], &m[j])) continue;
                node_free(m[i].value);
                m[i].value = m[j].value;
                m[j].value = NULL;
            }
        }
    } else {
        JMember **order = RM_Alloc(n * sizeof *order);
        for (size_t i = 0; i < n; i++) order[i] = &m[i];
        qsort(order, n, sizeof *order, member_order);
        for (size_t i = 0, j; i < n; i = j) {
            for (j = i + 1; j < n && key_eq(order[i], order[j]); j++) {
                node_free(order[i]->value);
                order[i]->value = order[j]->value;
                order[j]->value = NULL;
            }
        }
        RM_Free(order);
    }
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        if (m[i].value) m[kept++] = m[i];
        else RM_Free(m[i].key);
    }
    o->u.obj.len = kept;
}

static const char *type_name(const JNode *v) {
    switch (v->type) {
    case J_NULL: return "null";
    case J_BOOL: return "boolean";
    case J_NUMBER: return v->is_int ? "integer" : "number";
    case J_STRING: return "string";
    case J_ARRAY: return "array";
    default: return "object";
    }
}

/* ======================= strict parser, serde_json compatible messages ======================= */

/* Rust's str rules: no overlong forms, no surrogates, nothing above U+10FFFF. RedisJSON converts every
 * argument to &str before parsing, so invalid UTF-8 anywhere fails with one fixed message. */
static int utf8_valid(const unsigned char *s, size_t n) {
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t need;
        unsigned char lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) need = 1;
        else if (c == 0xE0) need = 2, lo = 0xA0;
        else if (c == 0xED) need = 2, hi = 0x9F;
        else if (c >= 0xE1 && c <= 0xEF) need = 2;
        else if (c == 0xF0) need = 3, lo = 0x90;
        else if (c == 0xF4) need = 3, hi = 0x8F;
        else if (c >= 0xF1 && c <= 0xF3) need = 3;
        else return 0;
        if (n - i <= need || s[i + 1] < lo || s[i + 1] > hi) return 0;
        for (size_t k = 2; k <= need; k++)
            if ((s[i + k] & 0xC0) != 0x80) return 0;
        i += need + 1;
    }
    return 1;
}

typedef struct {
    const unsigned char *s;
    size_t len, pos;
    int depth, depth_limit, max_depth;
    Buf scratch; /* decoded bytes of a string that has escapes */
    char *err;
    size_t errlen;
} Parser;

/* serde_json counts lines from 1 and columns in bytes; column 0 means "at the start of a line". */
static void parse_error_at(Parser *p, const char *what, size_t index) {
    size_t line = 1, column = 0;
    for (size_t i = 0; i < index; i++) {
        if (p->s[i] == '\n') line++, column = 0;
        else column++;
    }
    snprintf(p->err, p->errlen, "%s at line %zu column %zu", what, line, column);
}

/* serde's peek_error points at the byte it looked at; its error() at the last byte it consumed. */
static void peek_error(Parser *p, const char *what) { parse_error_at(p, what, p->pos < p->len ? p->pos + 1 : p->len); }
static void error_here(Parser *p, const char *what) { parse_error_at(p, what, p->pos); }

#define PEEK_FAIL(p, what) do { peek_error(p, what); return 0; } while (0)
#define HERE_FAIL(p, what) do { error_here(p, what); return 0; } while (0)

static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

/* Skips JSON whitespace; returns 1 at the end of input. */
static int skip_ws(Parser *p) {
    while (p->pos < p->len) {
        unsigned char c = p->s[p->pos];
        if (c != ' ' && c != '\n' && c != '\t' && c != '\r') return 0;
        p->pos++;
    }
    return 1;
}

static JNode *parse_value(Parser *p);

static JNode *parse_literal(Parser *p, const char *word, JType type, int truth) {
    p->pos++; /* the first letter chose this literal */
    for (const char *w = word + 1; *w; w++) {
        if (p->pos >= p->len) HERE_FAIL(p, "EOF while parsing a value");
        if (p->s[p->pos++] != (unsigned char)*w) HERE_FAIL(p, "expected ident");
    }
    JNode *v = node_new(type);
    v->u.boolean = truth;
    return v;
}

static int integer_fits(const char *t, size_t n) {
    int negative = t[0] == '-';
    uint64_t v = 0;
    for (size_t i = negative; i < n; i++) {
        unsigned digit = (unsigned)(t[i] - '0');
        if (v > (UINT64_MAX - digit) / 10) return 0;
        v = v * 10 + digit;
    }
    /* serde turns -0 and anything below i64::MIN into a float */
    return !negative || (v != 0 && v <= (uint64_t)INT64_MAX + 1);
}

static int skip_digits(Parser *p) {
    size_t start = p->pos;
    while (p->pos < p->len && is_digit(p->s[p->pos])) p->pos++;
    return p->pos > start;
}

/* RFC 8259 number grammar with serde's error kinds and positions; the text is stored as written. */
static JNode *parse_number(Parser *p) {
    size_t start = p->pos;
    int is_float = 0;
    if (p->s[p->pos] == '-') p->pos++;
    if (p->pos >= p->len) HERE_FAIL(p, "EOF while parsing a value");
    unsigned char first = p->s[p->pos++];
    if (first == '0') {
        if (p->pos < p->len && is_digit(p->s[p->pos])) PEEK_FAIL(p, "invalid number");
    } else if (is_digit(first)) {
        skip_digits(p);
    } else {
        HERE_FAIL(p, "invalid number");
    }
    if (p->pos < p->len && p->s[p->pos] == '.') {
        p->pos++;
        is_float = 1;
        if (!skip_digits(p)) PEEK_FAIL(p, p->pos < p->len ? "invalid number" : "EOF while parsing a value");
    }
    if (p->pos < p->len && (p->s[p->pos] == 'e' || p->s[p->pos] == 'E')) {
        p->pos++;
        is_float = 1;
        if (p->pos < p->len && (p->s[p->pos] == '+' || p->s[p->pos] == '-')) p->pos++;
        if (p->pos >= p->len) HERE_FAIL(p, "EOF while parsing a value");
        if (!is_digit(p->s[p->pos++])) HERE_FAIL(p, "invalid number");
        skip_digits(p);
    }
    JNode *v = node_new(J_NUMBER);
    v->u.text.len = p->pos - start;
    v->u.text.ptr = mem_dup((const char *)p->s + start, v->u.text.len);
    v->is_int = !is_float && integer_fits(v->u.text.ptr, v->u.text.len);
    /* serde parses into f64 when the number is not an integer that fits, and refuses infinity */
    if (!v->is_int && isinf(strtod(v->u.text.ptr, NULL))) {
        node_free(v);
        HERE_FAIL(p, "number out of range");
    }
    return v;
}

static int hex_value(unsigned char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static int parse_hex4(Parser *p, unsigned *out) {
    if (p->len - p->pos < 4) {
        p->pos = p->len;
        HERE_FAIL(p, "EOF while parsing a string");
    }
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        int digit = hex_value(p->s[p->pos++]);
        if (digit < 0) HERE_FAIL(p, "invalid escape");
        v = v << 4 | (unsigned)digit;
    }
    *out = v;
    return 1;
}

static void put_utf8(Buf *b, unsigned cp) {
    char u[4];
    size_t n;
    if (cp < 0x80) {
        u[0] = (char)cp, n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | cp >> 6), u[1] = (char)(0x80 | (cp & 0x3F)), n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | cp >> 12), u[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F)), n = 3;
    } else {
        u[0] = (char)(0xF0 | cp >> 18), u[1] = (char)(0x80 | (cp >> 12 & 0x3F));
        u[2] = (char)(0x80 | (cp >> 6 & 0x3F)), u[3] = (char)(0x80 | (cp & 0x3F)), n = 4;
    }
    buf_put(b, u, n);
}

/* \uXXXX, where surrogates must come as a well-formed pair, as serde requires for a Rust String. */
static int parse_unicode_escape(Parser *p) {
    unsigned cp, low;
    if (!parse_hex4(p, &cp)) return 0;
    if (cp >= 0xDC00 && cp <= 0xDFFF) HERE_FAIL(p, "lone leading surrogate in hex escape");
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        for (const char *expect = "\\u"; *expect; expect++) {
            if (p->pos >= p->len) HERE_FAIL(p, "EOF while parsing a string");
            if (p->s[p->pos++] != (unsigned char)*expect) HERE_FAIL(p, "unexpected end of hex escape");
        }
        if (!parse_hex4(p, &low)) return 0;
        if (low < 0xDC00 || low > 0xDFFF) HERE_FAIL(p, "lone leading surrogate in hex escape");
        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
    put_utf8(&p->scratch, cp);
    return 1;
}

static int parse_escape(Parser *p) {
    if (p->pos >= p->len) HERE_FAIL(p, "EOF while parsing a string");
    char out;
    switch (p->s[p->pos++]) {
    case '"': out = '"'; break;
    case '\\': out = '\\'; break;
    case '/': out = '/'; break;
    case 'b': out = '\b'; break;
    case 'f': out = '\f'; break;
    case 'n': out = '\n'; break;
    case 'r': out = '\r'; break;
    case 't': out = '\t'; break;
    case 'u': return parse_unicode_escape(p);
    default: HERE_FAIL(p, "invalid escape");
    }
    buf_putc(&p->scratch, out);
    return 1;
}

/* Parses a string body (the opening quote is consumed) into a fresh NUL-terminated copy. */
static int parse_string(Parser *p, char **out, size_t *outlen) {
    size_t start = p->pos;
    int escaped = 0;
    p->scratch.len = 0;
    for (;;) {
        while (p->pos < p->len && p->s[p->pos] != '"' && p->s[p->pos] != '\\' && p->s[p->pos] >= 0x20) p->pos++;
        if (p->pos >= p->len) HERE_FAIL(p, "EOF while parsing a string");
        unsigned char c = p->s[p->pos];
        if (c == '"') break;
        if (c != '\\') {
            p->pos++;
            HERE_FAIL(p, "control character (\\u0000-\\u001F) found while parsing a string");
        }
        buf_put(&p->scratch, p->s + start, p->pos - start);
        escaped = 1;
        p->pos++;
        if (!parse_escape(p)) return 0;
        start = p->pos;
    }
    if (escaped) {
        buf_put(&p->scratch, p->s + start, p->pos - start);
        *out = mem_dup(p->scratch.ptr, p->scratch.len);
        *outlen = p->scratch.len;
    } else {
        *out = mem_dup((const char *)p->s + start, p->pos - start);
        *outlen = p->pos - start;
    }
    p->pos++; /* closing quote */
    return 1;
}

static JNode *parse_array_body(Parser *p) {
    JNode *arr = node_new(J_ARRAY);
    for (size_t i = 0;; i++) {
        if (skip_ws(p)) { peek_error(p, "EOF while parsing a list"); goto fail; }
        if (p->s[p->pos] == ']') break;
        if (i > 0) {
            if (p->s[p->pos] != ',') { peek_error(p, "expected `,` or `]`"); goto fail; }
            p->pos++;
            if (skip_ws(p)) { peek_error(p, "EOF while parsing a value"); goto fail; }
            if (p->s[p->pos] == ']') { peek_error(p, "trailing comma"); goto fail; }
        }
        JNode *item = parse_value(p);
        if (!item) goto fail;
        array_push(arr, item);
    }
    p->pos++;
    return arr;
fail:
    node_free(arr);
    return NULL;
}

static JNode *parse_object_body(Parser *p) {
    JNode *obj = node_new(J_OBJECT);
    char *key = NULL;
    size_t keylen;
    for (size_t i = 0;; i++) {
        if (skip_ws(p)) { peek_error(p, "EOF while parsing an object"); goto fail; }
        if (p->s[p->pos] == '}') break;
        if (i > 0) {
            if (p->s[p->pos] != ',') { peek_error(p, "expected `,` or `}`"); goto fail; }
            p->pos++;
            if (skip_ws(p)) { peek_error(p, "EOF while parsing a value"); goto fail; }
        }
        if (p->s[p->pos] != '"') {
            peek_error(p, p->s[p->pos] == '}' ? "trailing comma" : "key must be a string");
            goto fail;
        }
        p->pos++;
        if (!parse_string(p, &key, &keylen)) goto fail;
        if (skip_ws(p)) { peek_error(p, "EOF while parsing an object"); goto fail; }
        if (p->s[p->pos] != ':') { peek_error(p, "expected `:`"); goto fail; }
        p->pos++;
        JNode *value = parse_value(p);
        if (!value) goto fail;
        object_push(obj, key, keylen, value);
        key = NULL;
    }
    p->pos++;
    object_dedupe(obj);
    return obj;
fail:
    RM_Free(key);
    node_free(obj);
    return NULL;
}

static JNode *parse_container(Parser *p) {
    if (++p->depth >= p->depth_limit) PEEK_FAIL(p, "recursion limit exceeded");
    if (p->depth > p->max_depth) p->max_depth = p->depth;
    unsigned char open = p->s[p->pos++];
    JNode *v = open == '[' ? parse_array_body(p) : parse_object_body(p);
    p->depth--;
    return v;
}

static JNode *parse_value(Parser *p) {
    if (skip_ws(p)) PEEK_FAIL(p, "EOF while parsing a value");
    unsigned char c = p->s[p->pos];
    switch (c) {
    case 'n': return parse_literal(p, "null", J_NULL, 0);
    case 't': return parse_literal(p, "true", J_BOOL, 1);
    case 'f': return parse_literal(p, "false", J_BOOL, 0);
    case '[':
    case '{': return parse_container(p);
    case '"': {
        JNode *v = node_new(J_STRING);
        p->pos++;
        if (parse_string(p, &v->u.text.ptr, &v->u.text.len)) return v;
        RM_Free(v);
        return NULL;
    }
    default:
        if (c == '-' || is_digit(c)) return parse_number(p);
        PEEK_FAIL(p, "expected value");
    }
}

/* Parses one complete JSON text. Containers may nest up to depth_limit - 1 levels; *depth_out gets the
 * deepest level used. On failure returns NULL with the message in err. */
static JNode *json_parse(const char *text, size_t len, int depth_limit, int *depth_out, char *err, size_t errlen) {
    if (!utf8_valid((const unsigned char *)text, len)) {
        snprintf(err, errlen, "%s", UTF8_ERROR);
        return NULL;
    }
    Parser p = {.s = (const unsigned char *)text, .len = len, .depth_limit = depth_limit, .err = err, .errlen = errlen};
    JNode *v = parse_value(&p);
    if (v && !skip_ws(&p)) {
        peek_error(&p, "trailing characters");
        node_free(v);
        v = NULL;
    }
    buf_free(&p.scratch);
    if (depth_out) *depth_out = p.max_depth;
    return v;
}

/* ======================= serializer ======================= */

/* JSON.GET's INDENT/NEWLINE/SPACE, laid out like RedisJSON's formatter; all empty means compact. */
typedef struct {
    const char *indent, *newline, *space;
    size_t indent_len, newline_len, space_len;
} Style;

static const Style COMPACT;

static void ser_newline(Buf *b, const Style *st, int depth) {
    buf_put(b, st->newline, st->newline_len);
    for (int i = 0; i < depth && st->indent_len; i++) buf_put(b, st->indent, st->indent_len);
}

static void ser_item_start(Buf *b, const Style *st, size_t index, int depth) {
    if (index) buf_putc(b, ',');
    ser_newline(b, st, depth);
}

static void ser_close(Buf *b, const Style *st, char close, size_t count, int depth) {
    if (count) ser_newline(b, st, depth);
    buf_putc(b, close);
}

/* serde_json's escaping: only ", \ and control characters; everything else, non-ASCII included, raw. */
static void ser_string(Buf *b, const char *s, size_t n) {
    static const char hex[] = "0123456789abcdef";
    size_t start = 0;
    buf_putc(b, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[6] = {'\\', 0, 0, 0, 0, 0};
        size_t esclen = 2;
        switch (c) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        default:
            if (c >= 0x20) continue;
            memcpy(esc + 1, "u00", 3);
            esc[4] = hex[c >> 4], esc[5] = hex[c & 15], esclen = 6;
        }
        buf_put(b, s + start, i - start);
        buf_put(b, esc, esclen);
        start = i + 1;
    }
    buf_put(b, s + start, n - start);
    buf_putc(b, '"');
}

static void ser_node(Buf *b, const JNode *n, const Style *st, int depth) {
    switch (n->type) {
    case J_NULL: buf_puts(b, "null"); break;
    case J_BOOL: buf_puts(b, n->u.boolean ? "true" : "false"); break;
    case J_NUMBER: buf_put(b, n->u.text.ptr, n->u.text.len); break;
    case J_STRING: ser_string(b, n->u.text.ptr, n->u.text.len); break;
    case J_ARRAY:
        buf_putc(b, '[');
        for (size_t i = 0; i < n->u.arr.len; i++) {
            ser_item_start(b, st, i, depth + 1);
            ser_node(b, n->u.arr.items[i], st, depth + 1);
        }
        ser_close(b, st, ']', n->u.arr.len, depth);
        break;
    case J_OBJECT:
        buf_putc(b, '{');
        for (size_t i = 0; i < n->u.obj.len; i++) {
            const JMember *m = &n->u.obj.items[i];
            ser_item_start(b, st, i, depth + 1);
            ser_string(b, m->key, m->keylen);
            buf_putc(b, ':');
            buf_put(b, st->space, st->space_len);
            ser_node(b, m->value, st, depth + 1);
        }
        ser_close(b, st, '}', n->u.obj.len, depth);
        break;
    }
}

/* What one path selects: a legacy path gives the bare value, a JSONPath the array of its matches. */
static void ser_selection(Buf *b, const JNode *match, int legacy, const Style *st, int depth) {
    if (legacy) {
        ser_node(b, match, st, depth);
        return;
    }
    buf_putc(b, '[');
    if (match) {
        ser_item_start(b, st, 0, depth + 1);
        ser_node(b, match, st, depth + 1);
    }
    ser_close(b, st, ']', match != NULL, depth);
}

/* ======================= paths ======================= */

typedef struct {
    const char *key; /* member name (not NUL-terminated), unless is_index */
    size_t keylen;
    long long index; /* negative counts from the end */
    int is_index;
} Step;

typedef struct {
    const char *text; /* as the client sent it */
    size_t len;
    int legacy; /* anything not starting with '$' */
    Step *steps;
    size_t nsteps;  /* 0 is the root */
    char *names;    /* unescaped bracket-quoted names */
} Path;

static const Path LEGACY_ROOT = {".", 1, 1, NULL, 0, NULL};

static void path_free(Path *p) {
    RM_Free(p->steps);
    RM_Free(p->names);
    p->steps = NULL;
    p->names = NULL;
}

static int path_refuse(const Path *p, const char *feature, char *err, size_t errlen) {
    snprintf(err, errlen, "ERR the RedisJSON stand-in does not support %s ('%.*s'); use redis-stack", feature,
             (int)(p->len > 200 ? 200 : p->len), p->text);
    return 0;
}

static int path_invalid(const Path *p, char *err, size_t errlen) {
    snprintf(err, errlen,
             "ERR invalid or unsupported path '%.*s': the RedisJSON stand-in understands $, $.name, $['name'], "
             "$[index] and the legacy forms ., .name, name",
             (int)(p->len > 200 ? 200 : p->len), p->text);
    return 0;
}

/* A bracket step: ['name'], ["name"] or [index]. *pi is at '[' and ends past ']'. */
static int parse_bracket(Path *p, size_t *pi, Step *st, size_t *names_used, char *err, size_t errlen) {
    const char *s = p->text;
    size_t n = p->len, i = *pi + 1;
    if (i < n && s[i] == '*') return path_refuse(p, "wildcard paths", err, errlen);
    if (i < n && s[i] == '?') return path_refuse(p, "filter expressions", err, errlen);
    if (i < n && (s[i] == '\'' || s[i] == '"')) {
        char quote = s[i++], *name = p->names + *names_used;
        size_t len = 0;
        while (i < n && s[i] != quote) {
            if (s[i] == '\\' && i + 1 < n) i++; /* \' \" \\ */
            name[len++] = s[i++];
        }
        if (i >= n) return path_invalid(p, err, errlen);
        i++;
        *st = (Step){name, len, 0, 0};
        *names_used += len;
    } else {
        int negative = i < n && s[i] == '-';
        size_t digits = i += negative;
        long long v = 0;
        for (; i < n && is_digit((unsigned char)s[i]) && i - digits < 18; i++) v = v * 10 + (s[i] - '0');
        if (i == digits && !(i < n && s[i] == ':')) return path_invalid(p, err, errlen);
        *st = (Step){NULL, 0, negative ? -v : v, 1};
    }
    if (i < n && s[i] == ':') return path_refuse(p, "array slices", err, errlen);
    if (i < n && s[i] == ',') return path_refuse(p, "union paths", err, errlen);
    if (i >= n || s[i] != ']') return path_invalid(p, err, errlen);
    *pi = i + 1;
    return 1;
}

/* A dotted member name ends at the next '.' or '['; characters of other JSONPath syntax are refused. */
static int parse_name(Path *p, size_t *pi, Step *st, char *err, size_t errlen) {
    size_t start = *pi, i = start;
    for (; i < p->len && p->text[i] != '.' && p->text[i] != '['; i++) {
        char c = p->text[i];
        if (c == '*') return path_refuse(p, "wildcard paths", err, errlen);
        if (c == '\0' || strchr("]()?@'\", \t\r\n=<>!&|", c)) return path_invalid(p, err, errlen);
    }
    if (i == start) return path_invalid(p, err, errlen);
    *st = (Step){p->text + start, i - start, 0, 0};
    *pi = i;
    return 1;
}

static int path_parse_steps(Path *p, char *err, size_t errlen) {
    const char *s = p->text;
    size_t n = p->len, i = 0, names_used = 0;
    /* Legacy paths are RedisJSON's "$" + path when they start with '.', else "$." + path */
    int implicit_dot = p->legacy && s[0] != '.' && s[0] != '[';
    if (!p->legacy) i = 1;
    p->steps = RM_Alloc((n + 1) * sizeof *p->steps);
    p->names = RM_Alloc(n + 1);
    while (i < n) {
        Step *st = &p->steps[p->nsteps];
        if (implicit_dot || s[i] == '.') {
            i += !implicit_dot;
            implicit_dot = 0;
            if (i == n) return path_invalid(p, err, errlen);
            if (s[i] == '.') return path_refuse(p, "recursive descent paths", err, errlen);
            if (s[i] == '[') continue; /* $.[0] reads as $[0] */
            if (!parse_name(p, &i, st, err, errlen)) return 0;
        } else if (s[i] == '[') {
            if (!parse_bracket(p, &i, st, &names_used, err, errlen)) return 0;
        } else {
            return path_invalid(p, err, errlen);
        }
        p->nsteps++;
    }
    return 1;
}

static int path_parse(const char *s, size_t n, Path *p, char *err, size_t errlen) {
    *p = (Path){s, n, n == 0 || s[0] != '$', NULL, 0, NULL};
    if (n == 0) return path_invalid(p, err, errlen);
    if (n == 1 && s[0] == '.') return 1; /* legacy root */
    if (path_parse_steps(p, err, errlen)) return 1;
    path_free(p);
    return 0;
}

static JNode *step_child(const JNode *n, const Step *st, size_t *slot) {
    if (st->is_index) {
        if (n->type != J_ARRAY) return NULL;
        long long len = (long long)n->u.arr.len, i = st->index < 0 ? len + st->index : st->index;
        if (i < 0 || i >= len) return NULL;
        if (slot) *slot = (size_t)i;
        return n->u.arr.items[i];
    }
    if (n->type != J_OBJECT) return NULL;
    for (size_t i = 0; i < n->u.obj.len; i++) {
        const JMember *m = &n->u.obj.items[i];
        if (m->keylen == st->keylen && memcmp(m->key, st->key, st->keylen) == 0) {
            if (slot) *slot = i;
            return m->value;
        }
    }
    return NULL;
}

/* Follows the first `count` steps; NULL when one does not apply. Our paths match at most one value. */
static JNode *path_walk(JNode *doc, const Path *p, size_t count) {
    for (size_t i = 0; doc && i < count; i++) doc = step_child(doc, &p->steps[i], NULL);
    return doc;
}

/* JSON.SET below the root: replace an existing value, or add a member to an existing object (never an
 * array element, never missing parents), honouring NX/XX. Takes ownership of value when it returns 1. */
static int path_set(JNode *doc, const Path *p, JNode *value, int nx, int xx) {
    JNode *parent = path_walk(doc, p, p->nsteps - 1);
    if (!parent) return 0;
    const Step *last = &p->steps[p->nsteps - 1];
    JNode *current = step_child(parent, last, NULL);
    if (current) {
        if (nx) return 0;
        node_move_into(current, value);
        return 1;
    }
    if (xx || last->is_index || parent->type != J_OBJECT) return 0;
    object_push(parent, mem_dup(last->key, last->keylen), last->keylen, value);
    return 1;
}

static int path_delete(JNode *doc, const Path *p) {
    JNode *parent = path_walk(doc, p, p->nsteps - 1);
    size_t slot;
    if (!parent || !step_child(parent, &p->steps[p->nsteps - 1], &slot)) return 0;
    if (parent->type == J_ARRAY) {
        node_free(parent->u.arr.items[slot]);
        memmove(parent->u.arr.items + slot, parent->u.arr.items + slot + 1,
                (parent->u.arr.len - slot - 1) * sizeof(JNode *));
        parent->u.arr.len--;
    } else {
        RM_Free(parent->u.obj.items[slot].key);
        node_free(parent->u.obj.items[slot].value);
        memmove(parent->u.obj.items + slot, parent->u.obj.items + slot + 1,
                (parent->u.obj.len - slot - 1) * sizeof(JMember));
        parent->u.obj.len--;
    }
    return 1;
}

/* ======================= command helpers ======================= */

typedef enum { KEY_MISSING, KEY_JSON, KEY_WRONGTYPE } KeyState;

static KeyState open_json(RedisModuleCtx *ctx, RedisModuleString *name, int mode, RedisModuleKey **key, JNode **doc) {
    *key = RM_OpenKey(ctx, name, mode); /* NULL for a missing key opened READ; the calls below accept it */
    *doc = NULL;
    int type = RM_KeyType(*key);
    if (type == RM_KEYTYPE_EMPTY) return KEY_MISSING;
    if (type != RM_KEYTYPE_MODULE || RM_ModuleTypeGetType(*key) != JsonType) return KEY_WRONGTYPE;
    *doc = RM_ModuleTypeGetValue(*key);
    return KEY_JSON;
}

static int word_eq(const char *s, size_t n, const char *upper) {
    size_t i = 0;
    for (; i < n && upper[i]; i++) {
        char c = s[i] >= 'a' && s[i] <= 'z' ? (char)(s[i] - 'a' + 'A') : s[i];
        if (c != upper[i]) return 0;
    }
    return i == n && upper[i] == '\0';
}

/* Parses a path argument; on failure replies with the error and returns 0. */
static int path_from_arg(RedisModuleCtx *ctx, RedisModuleString *arg, Path *p) {
    size_t n;
    const char *s = RM_StringPtrLen(arg, &n);
    char err[512];
    if (!utf8_valid((const unsigned char *)s, n)) return RM_ReplyWithError(ctx, UTF8_ERROR), 0;
    if (!path_parse(s, n, p, err, sizeof err)) return RM_ReplyWithError(ctx, err), 0;
    return 1;
}

/* RedisJSON names the $-normalised path for one legacy path, the path as given among several. */
static int reply_missing_path(RedisModuleCtx *ctx, const Path *p, int as_given) {
    Buf b = {0};
    buf_puts(&b, "ERR Path '");
    if (!as_given && p->legacy) buf_puts(&b, p->text[0] == '.' ? "$" : "$.");
    if (as_given || !(p->len == 1 && p->text[0] == '.')) buf_put(&b, p->text, p->len);
    buf_puts(&b, "' does not exist");
    buf_putc(&b, '\0');
    RM_ReplyWithError(ctx, b.ptr);
    buf_free(&b);
    return RM_OK;
}

static int reply_buf(RedisModuleCtx *ctx, Buf *b) {
    RM_ReplyWithStringBuffer(ctx, b->ptr ? b->ptr : "", b->len);
    buf_free(b);
    return RM_OK;
}

static int reply_str(RedisModuleCtx *ctx, const char *s) { return RM_ReplyWithStringBuffer(ctx, s, strlen(s)); }

static void announce_write(RedisModuleCtx *ctx, const char *event, RedisModuleString *key) {
    RM_NotifyKeyspaceEvent(ctx, RM_NOTIFY_MODULE, event, key);
    RM_ReplicateVerbatim(ctx); /* module commands are not propagated to AOF/replicas otherwise */
}

/* ======================= JSON.SET key path value [NX|XX] ======================= */

static int set_value(RedisModuleCtx *ctx, RedisModuleString **argv, RedisModuleKey *key, KeyState state, JNode *doc,
                     const Path *path, int nx, int xx) {
    if (state == KEY_WRONGTYPE) return RM_ReplyWithError(ctx, WRONGTYPE_ERROR);
    /* AOF replay and replicas accept what was accepted once, however deep path writes made it */
    int loading = RM_GetContextFlags(ctx) & (RM_CTX_FLAGS_LOADING | RM_CTX_FLAGS_REPLICATED);
    size_t len;
    const char *text = RM_StringPtrLen(argv[3], &len);
    char err[192];
    int depth = 0;
    JNode *value = json_parse(text, len, loading ? MAX_DOC_DEPTH + 1 : COMMAND_DEPTH_LIMIT, &depth, err, sizeof err);
    if (!value) return RM_ReplyWithError(ctx, err);
    if (path->nsteps + (size_t)depth > MAX_DOC_DEPTH) {
        node_free(value);
        return RM_ReplyWithError(ctx, "ERR the RedisJSON stand-in limits documents to 1024 levels of nesting");
    }
    int applied = 0;
    if (state == KEY_MISSING) {
        if (!xx && path->nsteps) {
            node_free(value);
            return RM_ReplyWithError(ctx, "ERR new objects must be created at the root");
        }
        if (!xx && RM_ModuleTypeSetValue(key, JsonType, value) == RM_OK) applied = 1, value = NULL;
    } else if (path->nsteps == 0) {
        if (!nx) node_move_into(doc, value), applied = 1, value = NULL;
    } else if (path_set(doc, path, value, nx, xx)) {
        applied = 1, value = NULL;
    }
    node_free(value);
    if (!applied) return RM_ReplyWithNull(ctx);
    announce_write(ctx, "json.set", argv[1]);
    return RM_ReplyWithSimpleString(ctx, "OK");
}

static int cmd_set(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc < 4) return RM_WrongArity(ctx);
    int nx = 0, xx = 0;
    for (int i = 4; i < argc; i++) {
        size_t n;
        const char *a = RM_StringPtrLen(argv[i], &n);
        if (!nx && !xx && word_eq(a, n, "NX")) nx = 1;
        else if (!nx && !xx && word_eq(a, n, "XX")) xx = 1;
        else if (word_eq(a, n, "FORMAT"))
            return RM_ReplyWithError(ctx, "ERR the RedisJSON stand-in does not support FORMAT; use redis-stack");
        else return RM_ReplyWithError(ctx, "ERR syntax error");
    }
    Path path;
    if (!path_from_arg(ctx, argv[2], &path)) return RM_OK;
    RedisModuleKey *key;
    JNode *doc;
    KeyState state = open_json(ctx, argv[1], RM_READ | RM_WRITE, &key, &doc);
    set_value(ctx, argv, key, state, doc, &path, nx, xx);
    RM_CloseKey(key); /* also signals the key as modified, which is what makes WATCH work */
    path_free(&path);
    return RM_OK;
}

/* ============ JSON.GET key [INDENT s] [NEWLINE s] [SPACE s] [NOESCAPE] [path ...] ============ */

static int get_multi(RedisModuleCtx *ctx, JNode *doc, const Path *paths, size_t npaths, const Style *st) {
    int legacy = 1;
    for (size_t i = 0; i < npaths; i++) legacy &= paths[i].legacy;
    for (size_t i = 0; legacy && i < npaths; i++)
        if (!path_walk(doc, &paths[i], paths[i].nsteps)) return reply_missing_path(ctx, &paths[i], 1);
    Buf b = {0};
    size_t count = 0;
    buf_putc(&b, '{');
    for (size_t i = 0; i < npaths; i++) {
        size_t j = 0;
        while (j < i && !(paths[j].len == paths[i].len && memcmp(paths[j].text, paths[i].text, paths[i].len) == 0)) j++;
        if (j < i) continue; /* a repeated path is one object member */
        ser_item_start(&b, st, count++, 1);
        ser_string(&b, paths[i].text, paths[i].len);
        buf_putc(&b, ':');
        buf_put(&b, st->space, st->space_len);
        ser_selection(&b, path_walk(doc, &paths[i], paths[i].nsteps), legacy, st, 1);
    }
    ser_close(&b, st, '}', count, 0);
    return reply_buf(ctx, &b);
}

static int get_reply(RedisModuleCtx *ctx, RedisModuleString *name, const Path *paths, size_t npaths, const Style *st) {
    RedisModuleKey *key;
    JNode *doc;
    KeyState state = open_json(ctx, name, RM_READ, &key, &doc);
    if (state == KEY_WRONGTYPE) {
        RM_ReplyWithError(ctx, WRONGTYPE_ERROR);
    } else if (state == KEY_MISSING) {
        RM_ReplyWithNull(ctx);
    } else if (npaths > 1) {
        get_multi(ctx, doc, paths, npaths, st);
    } else {
        const Path *p = npaths ? &paths[0] : &LEGACY_ROOT;
        JNode *match = path_walk(doc, p, p->nsteps);
        if (p->legacy && !match) {
            reply_missing_path(ctx, p, 0);
        } else {
            Buf b = {0};
            ser_selection(&b, match, p->legacy, st, 0);
            reply_buf(ctx, &b);
        }
    }
    RM_CloseKey(key);
    return RM_OK;
}

/* Splits options from paths; on failure replies and returns 0. */
static int get_args(RedisModuleCtx *ctx, RedisModuleString **argv, int argc, Style *st, Path *paths, size_t *npaths) {
    for (int i = 2; i < argc; i++) {
        size_t n;
        const char *a = RM_StringPtrLen(argv[i], &n);
        const char **target = NULL;
        size_t *target_len = NULL;
        if (word_eq(a, n, "INDENT")) target = &st->indent, target_len = &st->indent_len;
        else if (word_eq(a, n, "NEWLINE")) target = &st->newline, target_len = &st->newline_len;
        else if (word_eq(a, n, "SPACE")) target = &st->space, target_len = &st->space_len;
        else if (word_eq(a, n, "NOESCAPE")) continue; /* accepted and ignored, as RedisJSON does */
        else if (word_eq(a, n, "FORMAT"))
            return RM_ReplyWithError(ctx, "ERR the RedisJSON stand-in does not support FORMAT; use redis-stack"), 0;
        if (target) {
            if (++i >= argc) return RM_WrongArity(ctx), 0;
            *target = RM_StringPtrLen(argv[i], target_len);
            if (!utf8_valid((const unsigned char *)*target, *target_len)) return RM_ReplyWithError(ctx, UTF8_ERROR), 0;
            continue;
        }
        if (!path_from_arg(ctx, argv[i], &paths[*npaths])) return 0;
        ++*npaths;
    }
    return 1;
}

static int cmd_get(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc < 2) return RM_WrongArity(ctx);
    Style st = COMPACT;
    Path *paths = RM_Alloc((size_t)argc * sizeof *paths);
    size_t npaths = 0;
    if (get_args(ctx, argv, argc, &st, paths, &npaths)) get_reply(ctx, argv[1], paths, npaths, &st);
    for (size_t i = 0; i < npaths; i++) path_free(&paths[i]);
    RM_Free(paths);
    return RM_OK;
}

/* ======================= JSON.MGET key [key ...] path ======================= */

/* Never an error per key: a missing key, a missing legacy path and a non-JSON key are all nil. */
static int cmd_mget(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc < 3) return RM_WrongArity(ctx);
    Path path;
    if (!path_from_arg(ctx, argv[argc - 1], &path)) return RM_OK;
    RM_ReplyWithArray(ctx, argc - 2);
    for (int i = 1; i < argc - 1; i++) {
        RedisModuleKey *key;
        JNode *doc;
        KeyState state = open_json(ctx, argv[i], RM_READ, &key, &doc);
        JNode *match = state == KEY_JSON ? path_walk(doc, &path, path.nsteps) : NULL;
        if (state != KEY_JSON || (path.legacy && !match)) {
            RM_ReplyWithNull(ctx);
        } else {
            Buf b = {0};
            ser_selection(&b, match, path.legacy, &COMPACT, 0);
            reply_buf(ctx, &b);
        }
        RM_CloseKey(key);
    }
    path_free(&path);
    return RM_OK;
}

/* ======================= JSON.DEL / JSON.FORGET key [path] ======================= */

static int cmd_del(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc < 2 || argc > 3) return RM_WrongArity(ctx);
    Path path = LEGACY_ROOT;
    if (argc == 3 && !path_from_arg(ctx, argv[2], &path)) return RM_OK;
    RedisModuleKey *key;
    JNode *doc;
    KeyState state = open_json(ctx, argv[1], RM_READ | RM_WRITE, &key, &doc);
    if (state == KEY_WRONGTYPE) {
        RM_ReplyWithError(ctx, WRONGTYPE_ERROR);
    } else {
        long long deleted = 0;
        if (state == KEY_JSON && path.nsteps == 0) deleted = RM_DeleteKey(key) == RM_OK;
        else if (state == KEY_JSON) deleted = path_delete(doc, &path);
        if (deleted) announce_write(ctx, "json.del", argv[1]);
        RM_ReplyWithLongLong(ctx, deleted);
    }
    RM_CloseKey(key);
    path_free(&path);
    return RM_OK;
}

/* ======================= JSON.TYPE key [path] ======================= */

static int cmd_type(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc < 2 || argc > 3) return RM_WrongArity(ctx);
    Path path = LEGACY_ROOT;
    if (argc == 3 && !path_from_arg(ctx, argv[2], &path)) return RM_OK;
    RedisModuleKey *key;
    JNode *doc;
    KeyState state = open_json(ctx, argv[1], RM_READ, &key, &doc);
    if (state == KEY_WRONGTYPE) {
        RM_ReplyWithError(ctx, WRONGTYPE_ERROR);
    } else {
        /* RedisJSON wraps the whole JSON.TYPE reply in one more array for RESP3 clients */
        if (RM_GetContextFlags(ctx) & RM_CTX_FLAGS_RESP3) RM_ReplyWithArray(ctx, 1);
        JNode *match = state == KEY_JSON ? path_walk(doc, &path, path.nsteps) : NULL;
        if (state == KEY_MISSING || (path.legacy && !match)) {
            RM_ReplyWithNull(ctx);
        } else if (path.legacy) {
            reply_str(ctx, type_name(match));
        } else {
            RM_ReplyWithArray(ctx, match ? 1 : 0);
            if (match) reply_str(ctx, type_name(match));
        }
    }
    RM_CloseKey(key);
    path_free(&path);
    return RM_OK;
}

/* ======================= data type: persistence, COPY, MEMORY USAGE ======================= */

/* Like RedisJSON 2.x at encver 3: the payload is one string of compact JSON. */
static void *type_rdb_load(RedisModuleIO *io, int encver) {
    if (encver != 3) {
        RM_LogIOError(io, "warning", "ReJSON-RL encoding version %d: the RedisJSON stand-in reads only 3", encver);
        return NULL;
    }
    size_t len;
    char *text = RM_LoadStringBuffer(io, &len);
    if (!text) return NULL;
    char err[192];
    JNode *doc = json_parse(text, len, MAX_DOC_DEPTH + 1, NULL, err, sizeof err);
    RM_Free(text);
    if (!doc) RM_LogIOError(io, "warning", "ReJSON-RL value is not valid JSON: %s", err);
    return doc;
}

static void type_rdb_save(RedisModuleIO *io, void *value) {
    Buf b = {0};
    ser_node(&b, value, &COMPACT, 0);
    RM_SaveStringBuffer(io, b.ptr ? b.ptr : "", b.len);
    buf_free(&b);
}

/* Used only with aof-use-rdb-preamble no; RedisJSON itself has none. */
static void type_aof_rewrite(RedisModuleIO *aof, RedisModuleString *key, void *value) {
    Buf b = {0};
    ser_node(&b, value, &COMPACT, 0);
    RM_EmitAOF(aof, "JSON.SET", "scb", key, "$", b.ptr ? b.ptr : "", b.len);
    buf_free(&b);
}

static size_t type_mem_usage(const void *value) { return node_mem(value); }
static void type_free(void *value) { node_free(value); }

static void *type_copy(RedisModuleString *fromkey, RedisModuleString *tokey, const void *value) {
    (void)fromkey, (void)tokey;
    return node_clone(value);
}

/* ======================= module entry point ======================= */

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    (void)argv, (void)argc;
    if (load_api(ctx) != RM_OK) return RM_ERR;
    if (RM_IsModuleNameBusy("ReJSON")) return RM_ERR;
    RM_SetModuleAttribs(ctx, "ReJSON", 20624, RM_APIVER_1); /* named like RedisJSON so MODULE LIST matches */

    RedisModuleTypeMethods methods = {
        .version = 3,
        .rdb_load = type_rdb_load,
        .rdb_save = type_rdb_save,
        .aof_rewrite = type_aof_rewrite,
        .mem_usage = type_mem_usage,
        .free = type_free,
        .copy = type_copy,
    };
    JsonType = RM_CreateDataType(ctx, "ReJSON-RL", 3, &methods);
    if (!JsonType) return RM_ERR;

    /* Lower case like RedisJSON: Redis 7 quotes the registered name in its arity error */
    static const struct {
        const char *name, *flags;
        RedisModuleCmdFunc fn;
        int first, last;
    } commands[] = {
        {"json.set", "write deny-oom", cmd_set, 1, 1},
        {"json.get", "readonly", cmd_get, 1, 1},
        {"json.mget", "readonly", cmd_mget, 1, -2},
        {"json.del", "write", cmd_del, 1, 1},
        {"json.forget", "write", cmd_del, 1, 1},
        {"json.type", "readonly", cmd_type, 1, 1},
    };
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (RM_CreateCommand(ctx, commands[i].name, commands[i].fn, commands[i].flags, commands[i].first,
                             commands[i].last, 1) != RM_OK)
            return RM_ERR;
    }
    return RM_OK;
}
