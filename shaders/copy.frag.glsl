#version 330 core
// Nothing but the texture lookup, the least llvmpipe can shade per pixel (see gl/color_target.hpp).
in vec2 vTexCoord;
uniform sampler2D uTexture;
out vec4 fragColor;
void main() { fragColor = texture(uTexture, vTexCoord); }
