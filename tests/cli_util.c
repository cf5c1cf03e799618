/* Running the built dlrf binary from tests: a private temporary directory,
 * the exit status and stderr of a run, and the bad-input checker. */
#define _POSIX_C_SOURCE 200809L
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli_util.h"

static char dir[256];

const char *bin(void) {
    return getenv("DLRF_BIN") ? getenv("DLRF_BIN") : "./dlrf";
}

const char *test_dir(void) {
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/dlrf-cli-XXXXXX");
        if (!mkdtemp(dir)) return NULL;
    }
    return dir;
}

const char *path(const char *name) {
    static char p[4][512];
    static int k;
    k = (k + 1) % 4;
    snprintf(p[k], sizeof p[k], "%s/%s", test_dir(), name);
    return p[k];
}

int run(const char *args) {
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "%s %s >%s 2>%s", bin(), args, path("stdout"), path("stderr"));
    int rc = system(cmd);
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

char *slurp(const char *p) {
    FILE *f = fopen(p, "rb");
    static char buf[1 << 20];
    buf[0] = '\0';
    if (!f) return buf;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

int exists(const char *p) {
    struct stat st;
    return stat(p, &st) == 0;
}

dlrf_mat *load(const char *p) {
    dlrf_mat *m = NULL;
    char err[256];
    if (dlrf_npy_read(p, &m, NULL, err, sizeof err) != DLRF_OK) fprintf(stderr, "%s\n", err);
    return m;
}

int expect_errors(const char *fmt, const bad_case *cases, size_t n) {
    for (size_t k = 0; k < n; k++) {
        char a[1024], full[2048];
        snprintf(a, sizeof a, cases[k].args, test_dir());
        snprintf(full, sizeof full, fmt, a, path("never"));
        int rc = run(full);
        char *e = slurp(path("stderr"));
        if (rc == 0 || !strstr(e, cases[k].expect) || strchr(e, '\n') != e + strlen(e) - 1) {
            fprintf(stderr, "case '%s': rc %d, stderr: %s\n", a, rc, e);
            return 1;
        }
        CHECK(!exists(path("never")));
    }
    return 0;
}
