/* xoshiro256** seeded through splitmix64; Gaussian by the polar method. */
#include <math.h>

#include "dlrf/synth.h"

static uint64_t splitmix64(uint64_t *x) {
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void dlrf_rng_seed(dlrf_rng *r, uint64_t seed) {
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k) {
    return (x << k) | (x >> (64 - k));
}

uint64_t dlrf_rng_next(dlrf_rng *r) {
    uint64_t *s = r->s, result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double dlrf_rng_uniform(dlrf_rng *r) {
    return (double)(dlrf_rng_next(r) >> 11) * 0x1.0p-53;
}

double dlrf_rng_normal(dlrf_rng *r) {
    double u, v, q;
    do {
        u = 2.0 * dlrf_rng_uniform(r) - 1.0;
        v = 2.0 * dlrf_rng_uniform(r) - 1.0;
        q = u * u + v * v;
    } while (q >= 1.0 || q == 0.0);
    return u * sqrt(-2.0 * log(q) / q);
}

void dlrf_rng_pick(dlrf_rng *r, size_t n, size_t m, size_t *idx) {
    for (size_t i = 0; i < n; i++)
        idx[i] = i;
    for (size_t i = 0; i < m && i < n; i++) { /* a partial Fisher-Yates shuffle */
        size_t j = i + (size_t)(dlrf_rng_uniform(r) * (double)(n - i)), t = idx[i];
        idx[i] = idx[j], idx[j] = t;
    }
}
