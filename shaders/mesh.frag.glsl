#version 330 core
in float vValue;
in vec3 vNormal;
in vec3 vWorld;
uniform sampler2D uColormaps;
uniform float uColormapRow;
uniform vec3 uEye;
uniform vec4 uLineColor;  // alpha > 0: wireframe pass, flat colour
out vec4 fragColor;

void main() {
  if (uLineColor.a > 0.0) {
    fragColor = uLineColor;
    return;
  }
  vec3 base = texture(uColormaps, vec2(clamp(vValue, 0.0, 1.0), uColormapRow)).rgb;
  vec3 normal = normalize(vNormal);
  if (!gl_FrontFacing) normal = -normal;  // seen from below
  vec3 light = normalize(vec3(0.4, 0.3, 1.0));
  vec3 toEye = normalize(uEye - vWorld);
  float diffuse = abs(dot(normal, light));
  float specular = pow(max(dot(normalize(light + toEye), normal), 0.0), 40.0);
  fragColor = vec4(base * (0.35 + 0.65 * diffuse) + vec3(0.15 * specular), 1.0);
}
