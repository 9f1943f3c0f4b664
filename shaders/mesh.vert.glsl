#version 330 core
// Surface mesh: x, y in world units, the normalised value t (height and colour) and its world-space slope.
// The light is worked out per vertex (64 x 64 quads are fine enough for a soft light) and interpolated:
// per pixel, on the software renderer, it cost more than the rest of the 3D view.
layout(location = 0) in vec3 aPosition;  // world x, world y, t in [0, 1]
layout(location = 1) in vec2 aSlope;     // dt/dx, dt/dy in world units (exact, from the gradient)
uniform mat4 uViewProjection;
uniform float uHeightRange;              // world z per unit of t (height scale)
uniform vec3 uEye;
out float vValue;
out vec2 vLight;  // the diffuse factor seen from above and from below

void main() {
  vec3 world = vec3(aPosition.xy, (aPosition.z - 0.5) * uHeightRange);
  vec3 normal = normalize(vec3(-aSlope * uHeightRange, 1.0));
  vValue = aPosition.z;
  // A soft key light from above and behind the viewer's left, a sky-to-ground ambient and a gentle
  // highlight: slopes read without the dark, hard-edged shadows of a single point light. Both faces'
  // factors are passed on: the surface may be seen from below.
  vec3 light = normalize(vec3(0.4, 0.3, 1.0));
  vec3 toEye = normalize(uEye - world);
  for (int side = 0; side < 2; ++side) {
    vec3 n = side == 0 ? normal : -normal;
    float wrapped = clamp((dot(n, light) + 0.35) / 1.35, 0.0, 1.0);
    float sky = 0.5 + 0.5 * n.z;
    float specular = pow(max(dot(normalize(light + toEye), n), 0.0), 24.0);
    // The highlight brightens the surface's own colour (one factor to interpolate, not two).
    vLight[side] = 0.30 + 0.15 * sky + 0.62 * wrapped + 0.25 * specular;
  }
  gl_Position = uViewProjection * vec4(world, 1.0);
}
