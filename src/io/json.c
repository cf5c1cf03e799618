/* A minimal JSON writer into a growing buffer. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dlrf/io.h"

void dlrf_json_init(dlrf_json *j) {
    *j = (dlrf_json){0};
}
void dlrf_json_free(dlrf_json *j) {
    free(j->buf);
    *j = (dlrf_json){0};
}

static void put(dlrf_json *j, const char *s, size_t n) {
    if (j->failed) return;
    if (j->len + n + 1 > j->cap) {
        size_t cap = j->cap ? j->cap : 256;
        while (cap < j->len + n + 1)
            cap *= 2;
        char *b = realloc(j->buf, cap);
        if (!b) {
            j->failed = 1;
            return;
        }
        j->buf = b;
        j->cap = cap;
    }
    memcpy(j->buf + j->len, s, n);
    j->len += n;
    j->buf[j->len] = '\0';
}

void dlrf_json_raw(dlrf_json *j, const char *s) {
    put(j, s, strlen(s));
}

void dlrf_json_str(dlrf_json *j, const char *s) {
    put(j, "\"", 1);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        char esc[8];
        if (c == '"' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            put(j, esc, 2);
        } else if (c < 0x20) {
            snprintf(esc, sizeof esc, "\\u%04x", c);
            put(j, esc, 6);
        } else {
            put(j, (const char *)&c, 1);
        }
    }
    put(j, "\"", 1);
}

void dlrf_json_key(dlrf_json *j, const char *key) {
    dlrf_json_str(j, key);
    put(j, ": ", 2);
}

void dlrf_json_num(dlrf_json *j, double v) {
    char b[32];
    if (!isfinite(v)) {
        dlrf_json_raw(j, "null");
        return;
    }
    snprintf(b, sizeof b, "%.17g", v);
    dlrf_json_raw(j, b);
}

void dlrf_json_int(dlrf_json *j, long long v) {
    char b[32];
    snprintf(b, sizeof b, "%lld", v);
    dlrf_json_raw(j, b);
}
