package io.quantlab.web;

import io.quantlab.data.DatasetStatus;
import java.util.List;

/** The data sets page: what is present, and (for instructors) their uploads and the upload form. */
public record DatasetsView(Page page, List<DatasetStatus> datasets, DatasetImportsView imports,
        int maxUploadMegabytes, String error) {
}
