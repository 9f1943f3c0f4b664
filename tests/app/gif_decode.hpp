// Decodes a GIF the way a viewer shows it (every frame composited onto the previous one), for tests that
// check what the app's GIF writer produced.
#pragma once
#include <gif_lib.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace gs {

struct DecodedGif {
  int width = 0, height = 0, frames = 0;
  bool loops = false;
  std::vector<int> delays;
  std::vector<std::vector<std::uint8_t>> composited;  // RGB per frame, as a viewer shows it
};

inline bool isLoopExtension(const ExtensionBlock* blocks, int count) {
  for (int i = 0; i + 1 < count; ++i)
    if (blocks[i].Function == APPLICATION_EXT_FUNC_CODE && blocks[i].ByteCount == 11 &&
        std::memcmp(blocks[i].Bytes, "NETSCAPE2.0", 11) == 0)
      return true;
  return false;
}

inline DecodedGif decodeGif(const std::string& file) {
  DecodedGif out;
  int error = 0;
  GifFileType* gif = DGifOpenFileName(file.c_str(), &error);
  if (!gif || DGifSlurp(gif) != GIF_OK) {
    ADD_FAILURE() << "giflib cannot read " << file;
    if (gif) DGifCloseFile(gif, &error);
    return out;
  }
  out.width = gif->SWidth;
  out.height = gif->SHeight;
  out.frames = gif->ImageCount;
  std::vector<std::uint8_t> canvas(static_cast<std::size_t>(out.width) * out.height * 3, 0);
  for (int i = 0; i < gif->ImageCount; ++i) {
    const SavedImage& image = gif->SavedImages[i];
    out.loops = out.loops || isLoopExtension(image.ExtensionBlocks, image.ExtensionBlockCount);
    GraphicsControlBlock control{};
    DGifSavedExtensionToGCB(gif, i, &control);
    out.delays.push_back(control.DelayTime);
    const ColorMapObject* map = image.ImageDesc.ColorMap ? image.ImageDesc.ColorMap : gif->SColorMap;
    const GifImageDesc& d = image.ImageDesc;
    for (int y = 0; y < d.Height; ++y) {
      for (int x = 0; x < d.Width; ++x) {
        const int index = image.RasterBits[y * d.Width + x];
        if (index == control.TransparentColor) continue;
        std::uint8_t* p = &canvas[(static_cast<std::size_t>(d.Top + y) * out.width + d.Left + x) * 3];
        p[0] = map->Colors[index].Red;
        p[1] = map->Colors[index].Green;
        p[2] = map->Colors[index].Blue;
      }
    }
    out.composited.push_back(canvas);
  }
  DGifCloseFile(gif, &error);
  return out;
}

}  // namespace gs
