#version 330 core
in vec4 vColor;
in float vAcross;
uniform float uHalfWidth;
out vec4 fragColor;
void main() {
  // Full inside the line, fading to nothing over the last pixel of its edge.
  float coverage = clamp(uHalfWidth + 0.5 - abs(vAcross), 0.0, 1.0);
  fragColor = vec4(vColor.rgb, vColor.a * coverage);
}
