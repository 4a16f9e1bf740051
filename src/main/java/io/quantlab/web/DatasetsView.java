package io.quantlab.web;

import io.quantlab.data.DatasetStatus;
import java.util.List;

/** The data sets page: what is present, and (for instructors) the upload form. */
public record DatasetsView(Page page, List<DatasetStatus> datasets, int maxUploadMegabytes, String message,
        String error) {
}
