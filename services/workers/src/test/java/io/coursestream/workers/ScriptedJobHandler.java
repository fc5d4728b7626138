package io.coursestream.workers;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.coursestream.schemas.jobs.JobType;
import io.coursestream.schemas.jobs.ProcessCourseUpload;

/** A test handler for PROCESS_COURSE_UPLOAD that does, per jobId, what the test scripted for it. */
@ApplicationScoped
public class ScriptedJobHandler implements JobHandler {

    /** One attempt's behaviour. */
    @FunctionalInterface
    public interface Script {
        void run(JobContext context) throws Exception;
    }

    private final Map<String, Script> scripts = new ConcurrentHashMap<>();

    /** Scripts the job with this id; set it before the command is sent. */
    public void script(String jobId, Script script) {
        scripts.put(jobId, script);
    }

    @Override
    public JobType type() {
        return JobType.PROCESS_COURSE_UPLOAD;
    }

    @Override
    public void handle(JobContext context) throws Exception {
        context.payload(ProcessCourseUpload.class);
        Script script = scripts.get(context.jobId());
        if (script == null) {
            throw new IllegalStateException("no script for job " + context.jobId());
        }
        script.run(context);
    }
}
