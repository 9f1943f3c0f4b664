#version 330 core
// A picture laid over a view at an opacity (render/image_layer.hpp): the Maps panel's basin map.
in vec2 vTexCoord;
uniform sampler2D uTexture;
uniform float uOpacity;
out vec4 fragColor;
void main() {
  vec4 texel = texture(uTexture, vTexCoord);
  fragColor = vec4(texel.rgb, texel.a * uOpacity);
}
