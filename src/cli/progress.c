/* Progress on stderr, one rewritten line, only when stderr is a terminal. */
#include <stdio.h>

#include "cli/cli.h"
#include "dlrf/common.h"

int cli_progress_fn(const dlrf_progress *p, void *user) {
    const cli_progress *c = user;
    if (!c->enabled || (p->iter % 5 != 1 && p->iter > 1)) return 0;
    fprintf(stderr, "\r  layer %d solve %d  iter %4d  residual %.3e  objective %.6g  %.1fs   ",
            p->layer, p->solve, p->iter, p->residual, p->objective, p->elapsed_s);
    fflush(stderr);
    return 0;
}
