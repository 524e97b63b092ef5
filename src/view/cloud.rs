//! The cloud sample set in 3-D, shared by the reconstruction scatter and the per-unit maps: raw
//! coordinates for 3-D data, the data's first three principal components otherwise, and PCA's plane.

use super::ViewState;
use crate::playground::Playground;
use crate::render::point_cloud::PlaneView;
use ndarray::Array2;

/// The cloud's inputs and reconstructions in 3-D (`[n, 3]` each), refreshed for the current weights;
/// `None` before the model has run on the cloud.
pub(super) fn cloud_3d<'v>(
    playground: &mut Playground,
    view: &'v mut ViewState,
) -> Option<&'v (Array2<f32>, Array2<f32>)> {
    let dim = playground.trainer().data().dim();
    view.cloud_reconstructed(playground);
    let cloud = view.cloud.as_ref().expect("refreshed");
    let output = cloud.output()?;
    let (inputs, outputs) = if dim == 3 {
        (cloud.x.clone(), output.to_owned())
    } else {
        let pca = playground.pca();
        (pca.project(cloud.x.view(), 3), pca.project(output, 3))
    };
    view.cloud_3d = Some((inputs, outputs));
    view.cloud_3d.as_ref()
}

/// PCA's best plane through 3-D data (seed Fig 04's linear reduction), for the scatter.
pub(super) fn pca_plane(playground: &mut Playground) -> Option<PlaneView> {
    let dim = playground.trainer().data().dim();
    let pca = playground.pca();
    if dim != 3 || pca.variances.len() < 2 {
        return None;
    }
    let row = |i: usize| [pca.components[[i, 0]] as f32, pca.components[[i, 1]] as f32, pca.components[[i, 2]] as f32];
    Some(PlaneView {
        center: [pca.mean[0] as f32, pca.mean[1] as f32, pca.mean[2] as f32],
        axes: [row(0), row(1)],
        half_extent: (2.0 * pca.variances[0].sqrt()) as f32,
    })
}
