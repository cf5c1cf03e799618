/* dlrf — deep latent low-rank subspace discovery. Include this one header. */
#ifndef DLRF_DLRF_H
#define DLRF_DLRF_H

#include "dlrf/common.h"
#include "dlrf/mat.h"
#include "dlrf/layer.h"
#include "dlrf/net.h"
#include "dlrf/io.h"
#include "dlrf/synth.h"
#include "dlrf/cluster.h"
#include "dlrf/select.h"
#include "dlrf/robust.h"
#include "dlrf/plrsc.h"
#include "dlrf/viz.h"

#endif
