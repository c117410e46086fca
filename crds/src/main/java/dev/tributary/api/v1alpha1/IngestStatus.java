package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Where a Source's managed ingest endpoint answers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class IngestStatus {

    @JsonPropertyDescription("In-cluster URL to POST records to, for example"
            + " http://clicks-ingest.shop.svc:8080/v1/sources/clicks/records.")
    public String url;
}
