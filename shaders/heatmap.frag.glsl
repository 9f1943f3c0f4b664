// Per-pixel f: the renderer prepends "#version 330 core", Expression::glslPrelude() and
// `float surfaceValue(float x, float y)` built from the surface's formula, so built-in and custom surfaces
// take the same path. f is evaluated once per pixel; contours reuse that value through fwidth.
uniform vec2 uPixelCenter;      // framebuffer pixel (GL origin) at the viewport's centre
uniform vec2 uCenter;           // surface point at that pixel
uniform float uUnitsPerPixel;
uniform float uValueMin;        // f range over the visible region (finite; computed on the CPU)
uniform float uValueMax;
uniform int uLogScale;
uniform int uContours;
uniform float uContourCount;
uniform sampler2D uColormaps;   // 256 x rows, one row per colormap
uniform float uColormapRow;     // texture v of the chosen row
uniform int uLightTheme;        // the light theme (projectors): colours washed towards white, dark contours
out vec4 fragColor;

// Exponent bits all set: inf or NaN. Bit test, because fast-math may fold isnan/isinf away.
bool nonFinite(float v) { return (floatBitsToUint(v) & 0x7f800000u) == 0x7f800000u; }

float normalizedValue(float f) {
  float span = max(uValueMax - uValueMin, 1e-30);
  if (uLogScale == 0) return (f - uValueMin) / span;
  float floorValue = span * 1e-4;  // log(f - fmin) would be -inf at the minimum
  return log((max(f - uValueMin, 0.0) + floorValue) / floorValue) / log((span + floorValue) / floorValue);
}

void main() {
  // View-relative offset first: keeps the pixel spacing exact until it is added to the centre.
  vec2 offset = (gl_FragCoord.xy - uPixelCenter) * uUnitsPerPixel;
  float f = surfaceValue(uCenter.x + offset.x, uCenter.y + offset.y);
  bool bad = nonFinite(f);
  float t = bad ? 0.0 : normalizedValue(f);
  float level = t * uContourCount;
  float levelWidth = fwidth(level);  // outside any branch: derivatives need uniform control flow
  if (bad) {
    float stripe = mod(gl_FragCoord.x + gl_FragCoord.y, 12.0) < 6.0 ? 0.42 : 0.32;
    fragColor = vec4(vec3(stripe), 1.0);
    return;
  }
  vec3 color = texture(uColormaps, vec2(clamp(t, 0.0, 1.0), uColormapRow)).rgb;
  // On a washed-out projector the paths, dark on light, read better than light on a dark colormap.
  if (uLightTheme != 0) color = mix(color, vec3(1.0), 0.55);
  if (uContours != 0 && t > 0.0 && t < 1.0 && levelWidth > 0.0 && levelWidth < 0.35 && !nonFinite(levelWidth)) {
    float pixels = abs(fract(level + 0.5) - 0.5) / levelWidth;  // distance to the nearest level, in pixels
    float line = 1.0 - smoothstep(0.4, 1.3, pixels);
    color = uLightTheme != 0 ? mix(color, vec3(0.2, 0.2, 0.25), 0.35 * line) : mix(color, vec3(1.0), 0.45 * line);
  }
  fragColor = vec4(color, 1.0);
}
