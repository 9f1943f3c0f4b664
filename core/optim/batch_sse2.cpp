// The batch kernel for the build's baseline instruction set (SSE2 on x86-64: 2 lanes); see batch_kernel.hpp.
#include "core/optim/batch_kernel.hpp"

namespace gs::optim::batch {

const Kernel& kernelSse2() {
#if defined(__x86_64__)
  return kernelFor<stdx::native_simd<double>>("sse2");
#else
  return kernelFor<stdx::native_simd<double>>("baseline");
#endif
}

}  // namespace gs::optim::batch
