#version 330 core
// Balls of the 3D view as sphere impostors: a screen-aligned square per ball (6 vertices that each hold
// the ball), shaded and given a sphere's depth per pixel in ball.frag, so hills hide the balls behind them.
layout(location = 0) in vec4 aCenter;  // world x, y, z; w: radius in pixels
layout(location = 1) in vec4 aColor;
layout(location = 2) in float aWorldRadius;  // the same radius in world units at the ball's distance
uniform mat4 uViewProjection;
uniform vec2 uViewportSize;  // pixels
uniform float uOutline;      // outline width in units of the radius
out vec2 vCorner;            // the sphere's unit disc, and the outline's room around it
out vec4 vColor;
flat out vec3 vCenter;
flat out float vWorldRadius;

void main() {
  const vec2 kCorners[6] = vec2[6](vec2(-1, -1), vec2(1, -1), vec2(1, 1), vec2(-1, -1), vec2(1, 1), vec2(-1, 1));
  vec2 corner = kCorners[gl_VertexID % 6] * (1.0 + uOutline + 0.1);
  vec4 clip = uViewProjection * vec4(aCenter.xyz, 1.0);
  clip.xy += corner * aCenter.w / (0.5 * uViewportSize) * clip.w;
  gl_Position = clip;
  vCorner = corner;
  vColor = aColor;
  vCenter = aCenter.xyz;
  vWorldRadius = aWorldRadius;
}
