// The batch kernel for AVX2 (4 lanes): this file alone is compiled with -mavx2 (core/CMakeLists.txt), and
// batch.cpp calls it only where the CPU has AVX2; see batch_kernel.hpp.
#include "core/optim/batch_kernel.hpp"

#if defined(__AVX2__)
namespace gs::optim::batch {

const Kernel& kernelAvx2() { return kernelFor<stdx::native_simd<double>>("avx2"); }

}  // namespace gs::optim::batch
#endif
