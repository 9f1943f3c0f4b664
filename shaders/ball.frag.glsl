#version 330 core
// A lit sphere with a dark outline (so a ball stays visible on any colour of the surface), and the
// sphere's own depth, so a hill in front hides it and a slope it rests on cuts it where it should.
in vec2 vCorner;
in vec4 vColor;
flat in vec3 vCenter;
flat in float vWorldRadius;
uniform mat4 uViewProjection;
uniform vec3 uEye;
uniform float uOutline;
uniform float uPixelsPerUnit;  // pixels per unit of vCorner (the ball's radius in pixels)
out vec4 fragColor;

void main() {
  float r = length(vCorner);
  float edge = 1.0 + uOutline;
  // Anti-aliased outer edge: coverage falls over one pixel.
  float coverage = clamp((edge - r) * uPixelsPerUnit + 0.5, 0.0, 1.0);
  if (coverage <= 0.0) discard;
  float inside = min(r, 1.0);
  float nz = sqrt(max(1.0 - inside * inside, 0.0));
  vec3 toEye = normalize(uEye - vCenter);
  vec3 right = normalize(cross(vec3(0.0, 0.0, 1.0), toEye) + vec3(1e-6, 0.0, 0.0));
  vec3 up = cross(toEye, right);
  vec3 normal = normalize(right * vCorner.x + up * vCorner.y + toEye * nz);
  vec3 surfacePoint = vCenter + normal * vWorldRadius;
  vec4 clip = uViewProjection * vec4(surfacePoint, 1.0);
  gl_FragDepth = clamp(clip.z / clip.w * 0.5 + 0.5, 0.0, 1.0);

  vec3 light = normalize(vec3(0.4, 0.3, 1.0));
  float diffuse = max(dot(normal, light), 0.0);
  float specular = pow(max(dot(normalize(light + toEye), normal), 0.0), 30.0);
  vec3 lit = vColor.rgb * (0.62 + 0.48 * diffuse) + vec3(0.3 * specular);
  // Inside the sphere the lit colour, blending over a pixel into the dark outline.
  float body = clamp((1.0 - r) * uPixelsPerUnit + 0.5, 0.0, 1.0);
  vec3 color = mix(vec3(0.04, 0.04, 0.06), lit, body);
  fragColor = vec4(color, vColor.a * coverage);
}
