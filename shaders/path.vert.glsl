#version 330 core
// Thick path segments as screen-space quads (two triangles over 4 indexed vertices that each hold both
// ends), so the width is in pixels in 2D and 3D alike. Square caps half a width long cover the joins
// between segments.
// Each quad is a pixel wider than the line on either side, where the fragment shader fades the edge
// (smooth lines without multisampling).
layout(location = 0) in vec4 aStart;  // world x, world y, normalised value t, index in the path
layout(location = 1) in vec4 aEnd;
uniform mat4 uTransform;       // world -> clip
uniform float uHeightRange;    // world z per unit of t (0 in 2D)
uniform float uLift;           // world z added so 3D paths sit on top of the mesh
uniform vec2 uViewportSize;    // pixels
uniform float uHalfWidth;      // pixels
uniform float uLastIndex;      // path index of the newest point
uniform float uFadeLength;     // path points over which an old path fades; 0: no fading
uniform vec4 uClipBox;         // world x min, y min, x max, y max: only segments inside are drawn (3D: the domain)
uniform vec4 uColor;
out vec4 vColor;
out float vAcross;  // pixels from the line's centre, signed

vec4 toClip(vec3 p) { return uTransform * vec4(p.xy, (p.z - 0.5) * uHeightRange + uLift, 1.0); }
vec2 toPixels(vec4 clip) { return clip.xy / max(clip.w, 1e-6) * 0.5 * uViewportSize; }

void main() {
  // Corners 0..3 are (start, +), (start, -), (end, +), (end, -) (PathRenderer draws triangles 0 1 2 and
  // 1 3 2 of each segment's four vertices).
  int corner = gl_VertexID % 4;
  bool atEnd = corner >= 2;
  float side = (corner & 1) == 0 ? 1.0 : -1.0;
  // A segment with an end outside the clip box is not drawn: its height there is clamped to the top, so
  // a chord between two such ends would float across the view (a diverging run's band). The path ends
  // at its last point inside, where the renderer marks where it went.
  vec4 a = aStart, b = aEnd;
  bool outside = any(lessThan(a.xy, uClipBox.xy)) || any(greaterThan(a.xy, uClipBox.zw)) ||
                 any(lessThan(b.xy, uClipBox.xy)) || any(greaterThan(b.xy, uClipBox.zw));
  if (outside) {
    gl_Position = vec4(2.0, 2.0, 2.0, 1.0);  // outside the view: nothing drawn
    vColor = vec4(0.0);
    vAcross = 0.0;
    return;
  }
  vec4 start = toClip(a.xyz);
  vec4 end = toClip(b.xyz);
  vec2 along = toPixels(end) - toPixels(start);
  vec2 direction = dot(along, along) > 1e-8 ? normalize(along) : vec2(1.0, 0.0);
  vec2 normal = vec2(-direction.y, direction.x);
  vec4 position = atEnd ? end : start;
  float reach = uHalfWidth + 1.0;
  vec2 offset = normal * side * reach + direction * (atEnd ? 1.0 : -1.0) * uHalfWidth;
  position.xy += offset / (0.5 * uViewportSize) * position.w;
  gl_Position = position;
  vAcross = side * reach;
  float age = uLastIndex - (atEnd ? aEnd.w : aStart.w);
  float alpha = uFadeLength > 0.0 ? mix(0.12, 1.0, exp(-max(age, 0.0) / uFadeLength)) : 1.0;
  vColor = vec4(uColor.rgb, uColor.a * alpha);
}
