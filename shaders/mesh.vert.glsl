#version 330 core
// Surface mesh: x, y in world units, the normalised value t (height and colour) and its world-space slope.
layout(location = 0) in vec3 aPosition;  // world x, world y, t in [0, 1]
layout(location = 1) in vec2 aSlope;     // dt/dx, dt/dy in world units (exact, from the gradient)
uniform mat4 uViewProjection;
uniform float uHeightRange;              // world z per unit of t (height scale)
out float vValue;
out vec3 vNormal;
out vec3 vWorld;

void main() {
  vec3 world = vec3(aPosition.xy, (aPosition.z - 0.5) * uHeightRange);
  vNormal = normalize(vec3(-aSlope * uHeightRange, 1.0));
  vValue = aPosition.z;
  vWorld = world;
  gl_Position = uViewProjection * vec4(world, 1.0);
}
