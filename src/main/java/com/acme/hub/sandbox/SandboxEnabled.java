package com.acme.hub.sandbox;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/**
 * Every sandbox bean carries this: the simulators answer on the hub's own port and consume its queues, so in
 * production (where the real systems exist) not one of them may be there.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ConditionalOnProperty(prefix = "hub.sandbox", name = "enabled", havingValue = "true")
@interface SandboxEnabled {}
