package bench.minimal;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** A bare POST that reads the body and answers 202, and actuator's liveness probe: the most a hub could do. */
@SpringBootApplication
@RestController
public class MinimalApp {

    public static void main(String[] args) {
        SpringApplication.run(MinimalApp.class, args);
    }

    @PostMapping("/bare")
    ResponseEntity<String> bare(@RequestBody byte[] body) {
        return ResponseEntity.accepted().body("{\"status\":\"accepted\"}");
    }
}
