package com.acme.hub;

import com.acme.hub.platform.routes.ValidateCommand;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class HubApplication {

    public static void main(String[] args) {
        // A command for integrators that must not start the hub: checking route files needs no server or broker.
        if (args.length > 0 && args[0].equals("validate")) {
            ValidateCommand.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        SpringApplication.run(HubApplication.class, args);
    }
}
