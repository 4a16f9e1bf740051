package io.quantlab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quantlab.Json;
import org.junit.jupiter.api.Test;

class PtqReportTest {

    @Test
    void aReportStoredBeforeTheAnalysisStillReadsWithoutOne() {
        PtqReport old = Json.read("{\"calibration\":[],\"integerKernels\":true,\"floatOps\":[],"
                + "\"opCounts\":{\"QLinearConv\":3},\"threads\":2}", PtqReport.class);
        assertNull(old.analysis());
        assertEquals(3, old.opCounts().get("QLinearConv"));
        assertEquals(2, old.threads());
    }
}
