// The batch kernel for AVX-512 (8 lanes): this file alone is compiled with -mavx512f (core/CMakeLists.txt),
// and batch.cpp calls it only where the CPU has AVX-512F; see batch_kernel.hpp.
// GCC 12's _mm512_undefined_pd() initialises a variable from itself, which -Wuninitialized reports inside
// <avx512fintrin.h> wherever the lanes take a square root (a false positive; GCC bug 105593).
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include "core/optim/batch_kernel.hpp"

#if defined(__AVX512F__)
namespace gs::optim::batch {

const Kernel& kernelAvx512() { return kernelFor<stdx::native_simd<double>>("avx512f"); }

}  // namespace gs::optim::batch
#endif
