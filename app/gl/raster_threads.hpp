// How many threads Mesa's software rasteriser (llvmpipe) rasterises with, where gradscape draws without a
// GPU (the 2-core machines it is measured on, Xvfb, CI).
//
// llvmpipe starts one rasterising thread per core. gradscape's own threads want the same cores at the same
// time: the main thread sets up the triangles and lays out the panels while the last draws rasterise, and
// its helpers step the runs and stroke the plots. With one rasteriser thread per core, the scheduler parks
// one of them now and then while it holds tiles of the frame, and the frame waits for it. With more
// threads than cores each holds a smaller share, and the others take the remaining tiles meanwhile.
// Measured on the 2-core machine (README, Performance): `bench --explore` 19.72 -> 17.79 ms median with 4
// threads instead of 2 (median pair difference -0.89 ms, 9 of 12 pairs faster); 3 and 8 threads measured
// the same as 4; the static `bench` unchanged (+0.09 ms, 5 of 12).
#pragma once
#include <string>

namespace gs::gl {

// Asks llvmpipe for twice as many threads as `cores` (at most 16, its limit) through LP_NUM_THREADS,
// unless that is already set (the user's choice stays) or `cores` is unknown (0). Call before the first
// GL context is made; other drivers ignore the variable. Returns the value now set ("" where none is).
std::string useMoreRasterThreads(unsigned cores);

}  // namespace gs::gl
