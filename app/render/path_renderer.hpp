// Run paths as thick screen-space segments in the 2D and the 3D view, from GPU buffers per run.
// Uploads are incremental: each frame only the points a run gained are appended. Segments are thinned
// at a fraction of the domain (kPathResolution): moves shorter than that are merged, and a segment
// between two cells it already joined is not drawn again, so a run that converges, or oscillates about
// a minimum for 10,000 steps, costs a few hundred quads rather than 10,000 (llvmpipe sets up every
// triangle on the CPU, about a microsecond each). Points along a straight stretch (within half a cell of
// one segment, heights included) are drawn as that one segment, so a smooth path costs a quad
// per bend rather than one per step. A run whose history was rewritten (restart, seek, thinning) is
// re-uploaded whole.
//
// Each run is kept at a few levels of detail, cells doubling from level to level; a view draws the
// coarsest level whose cells are at most half a pixel there (two points per pixel of path at most), so a
// zoomed-out or small view does not set up quads far thinner than a pixel. Only the levels the views draw
// are kept (a path recomputed every frame while a slider is dragged is thinned once or twice, not four
// times).
#pragma once
#include <array>
#include <cstdint>
#include <glm/glm.hpp>
#include <vector>

#include "gl/gl.hpp"
#include "model.hpp"
#include "render/damage_grid.hpp"
#include "render/key_set.hpp"
#include "render/surface_sampling.hpp"
#include "view/camera3d.hpp"

namespace gs {

// Points are kept when they move at least this fraction of the domain's larger side from the last kept
// one: 1/4000 is a quarter pixel with the domain across a 1000-pixel view (zooming in 4x shows it).
inline constexpr double kPathResolution = 1.0 / 4000.0;
inline constexpr int kPathLevels = 4;  // cells of 1, 2, 4 and 8 x kPathResolution

struct PathStyle {
  glm::mat4 transform{1.0f};  // world -> clip
  float heightRange = 0.0f;   // world z per unit of t (0 in 2D)
  float lift = 0.0f;          // world z above the surface (3D)
  glm::vec2 viewportSize{1.0f};
  float halfWidth = 1.5f;   // pixels
  float fadeLength = 0.0f;  // stored points over which old segments fade; 0: none
  // The most pixels a world unit covers anywhere in the view (it picks the level of detail); 0: unknown,
  // draw the finest level.
  float pixelsPerWorld = 0.0f;
  // World x min, y min, x max, y max: only segments with both ends in this box are drawn (the 3D view's
  // paths stop at the domain's edge instead of crossing the view as a band when a run diverges).
  glm::vec4 clipBox{-1e30f, -1e30f, 1e30f, 1e30f};
};

class PathRenderer {
 public:
  PathRenderer();
  // Brings every run's buffers of the levels of detail in `levels` up to date (bit l for level l, the
  // levels levelFor gives the views about to be drawn); the other levels are dropped, and a level wanted
  // again is thinned from the path's start. `normalizerKey` changes whenever the heights' normalisation
  // (surface, log scale) does, which forces a full re-upload; so does a new `heightRange` (the 3D view's
  // world z per unit of normalised height, which the thinning's straight stretches keep to).
  void upload(const Model& model, const SurfaceFrame& frame, const ValueNormalizer& normalizer,
              std::uint64_t normalizerKey, unsigned levels, float heightRange);
  void draw(const Model& model, const PathStyle& style) const;
  // Marks in `grid` (over the view, style.viewportSize) every tile that draw(model, style) may touch: each
  // drawn segment's box, widened by its width and caps.
  void markFootprint(const Model& model, const PathStyle& style, DamageGrid& grid) const;
  // The level of detail a view whose world units cover at most `pixelsPerWorld` pixels draws (only a
  // level upload() was given has segments).
  static int levelFor(float pixelsPerWorld);
  // Path points of run `run` consumed so far, and the segments drawn for it at `level` (after thinning).
  std::size_t uploadedPoints(std::size_t run) const { return run < runs_.size() ? runs_[run].points : 0; }
  std::size_t drawnSegments(std::size_t run, int level = 0) const {
    return run < runs_.size() ? runs_[run].levels[static_cast<std::size_t>(level)].drawnSegments() : 0;
  }
  // The ends of those segments, in pairs (world x, y, normalised height t, path index), as drawn.
  std::vector<glm::vec4> drawnEnds(std::size_t run, int level = 0) const;
  // Changes whenever any run's buffer does (so a cached picture of the paths can tell it is stale).
  std::uint64_t version() const { return version_; }

 private:
  // One level of detail of one run: the segments of its thinned path.
  struct Level {
    gl::Buffer buffer;
    gl::VertexArray vertexArray;
    std::size_t capacity = 0;            // segments
    std::size_t segments = 0;            // stored segments, the open ones not included
    glm::vec4 anchor{0.0f}, tail{0.0f};  // world x, y, t, path index: last segment end, newest point
    // The points kept after the anchor, all within kChordTolerance cells of the segment from the anchor to
    // the last of them (which is drawn as one segment until a point leaves that stretch).
    std::vector<glm::vec4> stretch;
    KeySet joined;                 // cell pairs already joined by a segment
    std::vector<glm::vec4> ends;   // the stored segments' ends, in pairs (their footprint)
    std::size_t openSegments = 0;  // drawn after the stored ones: anchor -> the stretch's end -> tail
    std::size_t drawnSegments() const { return segments + openSegments; }
    // The open segments' ends, in pairs: the stretch not yet stored, and the newest point's merged move.
    std::vector<glm::vec4> openEnds() const;
    void clear();
  };
  struct RunBuffer {
    std::size_t points = 0;  // path points consumed
    std::int64_t stride = 0;
    Vec2 first, last;
    std::array<Level, kPathLevels> levels;
    unsigned kept = 0;  // the levels kept up to date (bits); the others hold nothing
  };
  // The segments a run's new points add at each level, made on the CPU (thinRun, which may run on any
  // thread: it touches only `target`'s CPU state) and then written to its buffers (writeRun, GL).
  struct NewSegments {
    std::array<std::vector<float>, kPathLevels> data;
    std::array<std::size_t, kPathLevels> firstNew{};
    bool rewrite = false;  // a buffer must grow and would lose what it holds: thin the run from its start
  };
  // Where the thinning happens: the view's world box of the domain (3D paths end at its edge: a stretch
  // never reaches past it) and the world z per unit of normalised height.
  struct ThinningSpace {
    glm::vec4 domainBox{0.0f};  // world x min, y min, x max, y max
    float heightRange = 0.0f;
  };
  static NewSegments thinRun(RunBuffer& target, const Run& run, const Evaluator& evaluator,
                             const SurfaceFrame& frame, const ValueNormalizer& normalizer,
                             const ThinningSpace& space);
  void writeRun(RunBuffer& target, const NewSegments& segments) const;
  // Appends the segments `fresh` points add to `level` (cells of `cell` world units) to `data`.
  static void thin(Level& level, const std::vector<glm::vec4>& fresh, std::size_t from, float cell,
                   const ThinningSpace& space, std::vector<float>& data);

  // The index buffer every level's vertex array names: segment s's two triangles over its 4 vertices, for
  // at least `segments` segments (grown as drawing needs).
  void indexSegments(std::size_t segments) const;

  gl::Program program_;
  gl::Buffer indices_;
  mutable std::size_t indexedSegments_ = 0;
  std::vector<RunBuffer> runs_;
  std::uint64_t normalizerKey_ = ~std::uint64_t{0};
  float heightRange_ = -1.0f;  // upload()'s last
  std::uint64_t version_ = 0;
};

}  // namespace gs
